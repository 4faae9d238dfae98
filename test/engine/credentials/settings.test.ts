/**
 * Credential settings that would change who pays or how the node authenticates are refused before
 * any request: a Custom Base URL with a login, and a Sub-Merchant ID that is not a UUID.
 */
import { randomBytes } from 'crypto';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { Pivot } from '../../../nodes/Pivot/Pivot.node';
import { EngineHarness, sandboxCredentials } from '../support/harness';
import { BALANCE_GET, createByChannel, PIVOT, row, usePivotEnv, visible } from '../support/pivotEnv';

const env = usePivotEnv();

function harnessWith(settings: ICredentialDataDecryptedObject, url = env.sandbox.url): EngineHarness {
	return new EngineHarness({ ...sandboxCredentials(url, env.sandbox.merchants[0]), ...settings }, { [PIVOT]: new Pivot() });
}

describe('a Custom Base URL with user:password@', () => {
	const password = `pw${randomBytes(12).toString('hex')}`;

	it.each([
		['Balance → Get', BALANCE_GET, [{}]],
		['Payout → Create', createByChannel(), [row('LOGIN-URL-1')]],
	])('%s is refused before any request, without showing the password', async (_name, parameters, items) => {
		const url = env.sandbox.url.replace('http://', `http://pivotuser:${password}@`);
		const result = await harnessWith({}, url).run(PIVOT, parameters, items);
		expect(result.error?.message).toContain("The Pivot credential's Base URL carries a user name or password");
		expect(visible(result)).toContain(env.sandbox.url.replace(/\/$/, ''));
		expect(visible(result)).not.toContain(password);
		expect(env.sandbox.requests()).toHaveLength(0);
	});
});

describe('the Sub-Merchant ID', () => {
	it.each([
		['not a UUID', 'sub-account-7'],
		['a UUID with a non-ASCII letter (a header would drop it)', '5d2f4d6e-9b8a-4c3e-8f1a-2b7c6d5e4f3é'],
		['two UUIDs', '5d2f4d6e-9b8a-4c3e-8f1a-2b7c6d5e4f3a,5d2f4d6e-9b8a-4c3e-8f1a-2b7c6d5e4f3b'],
	])('%s is refused before any request', async (_name, subMerchantId) => {
		const result = await harnessWith({ subMerchantId }).run(PIVOT, createByChannel(), [row('SUB-BAD-1')]);
		expect(result.error?.message).toContain("The Pivot credential's Sub-Merchant ID must be the sub-account's UUID");
		expect(result.error?.message).toContain(JSON.stringify(subMerchantId));
		expect(env.sandbox.requests()).toHaveLength(0);
	});

	it('a UUID is sent as it is, on every call', async () => {
		const subMerchantId = ' 5D2F4D6E-9B8A-4C3E-8F1A-2B7C6D5E4F3A ';
		const result = await harnessWith({ subMerchantId }).run(PIVOT, BALANCE_GET, [{}]);
		expect(result.error).toBeUndefined();
		const calls = env.sandbox.requests().filter((r) => r.route !== 'token');
		expect(calls.map((r) => r.submerchantId)).toEqual(['5D2F4D6E-9B8A-4C3E-8F1A-2B7C6D5E4F3A']);
	});
});
