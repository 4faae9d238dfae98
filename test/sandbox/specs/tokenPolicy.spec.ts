import axios from 'axios';
import { randomBytes } from 'crypto';

import { type Sandbox, startSandbox } from '../index';
import { http, issueToken } from '../test-helpers';

// Whether Pivot keeps earlier tokens valid when it issues a new one is not documented; the
// queue-mode suite runs n8n workers against both behaviours, so both must be exact here.
describe('sandbox: token policy (several valid tokens, or a new one revokes the earlier ones)', () => {
	let sb: Sandbox;
	afterEach(async () => await sb.close());

	const balanceWith = async (token: string) =>
		(await http.get(`${sb.url}/v1/payouts/balance?currency=IDR`, { headers: { Authorization: `Bearer ${token}` } }))
			.status;
	const config = async (body: unknown) => await axios.post(`${sb.url}/_sandbox/config`, body, { validateStatus: () => true });

	it('keeps every unexpired token valid by default', async () => {
		sb = await startSandbox();
		const first = await issueToken(sb);
		const second = await issueToken(sb);
		expect([await balanceWith(first), await balanceWith(second)]).toEqual([200, 200]);
	});

	it('revokePrevious: a new token refuses the earlier ones with 401 credentials_invalid', async () => {
		sb = await startSandbox({ tokenPolicy: 'revokePrevious' });
		const first = await issueToken(sb);
		expect(await balanceWith(first)).toBe(200);
		const second = await issueToken(sb);
		const refused = await http.get(`${sb.url}/v1/payouts/balance?currency=IDR`, {
			headers: { Authorization: `Bearer ${first}` },
		});
		expect([refused.status, refused.data.code]).toEqual([401, 'credentials_invalid']);
		expect(await balanceWith(second)).toBe(200);
	});

	it('revokes only the same merchant’s tokens', async () => {
		sb = await startSandbox({
			tokenPolicy: 'revokePrevious',
			merchants: ['merchant-a', 'merchant-b'].map((clientId) => ({
				clientId,
				clientSecret: randomBytes(16).toString('hex'),
				callbackApiKey: randomBytes(16).toString('hex'),
			})),
		});
		const [a, b] = sb.merchants;
		const tokenA = await issueToken(sb, a);
		await issueToken(sb, b);
		expect(await balanceWith(tokenA)).toBe(200);
	});

	it('switches policy through POST /_sandbox/config and refuses unknown policies', async () => {
		sb = await startSandbox();
		const kept = await issueToken(sb);
		expect((await config({ tokenPolicy: 'revokePrevious' })).status).toBe(200);
		const fresh = await issueToken(sb);
		expect([await balanceWith(kept), await balanceWith(fresh)]).toEqual([401, 200]);

		const bad = await config({ tokenPolicy: 'revokeAll', tokenLifetimeSeconds: 5 });
		expect(bad.status).toBe(400);
		expect(bad.data.error).toMatch(/tokenPolicy must be one of concurrent, revokePrevious/);
		expect((await config({ tokenPolicy: 'concurrent' })).status).toBe(200);
		const again = await issueToken(sb);
		expect([await balanceWith(fresh), await balanceWith(again)]).toEqual([200, 200]);
	});
});
