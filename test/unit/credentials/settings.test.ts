/**
 * The credential settings refused before any request (credentialProblem): a Sub-Merchant ID that
 * is not a UUID, and a Base URL with a login. Property tests: nothing is accepted whose meaning a
 * header or n8n's HTTP client would change.
 */
import fc from 'fast-check';

import { credentialProblem } from '../../../credentials/PivotApi.credentials';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const custom = (extra: Record<string, string>) => ({ environment: 'custom', baseUrl: 'http://127.0.0.1:4010', ...extra });

describe('Sub-Merchant ID', () => {
	it('accepts a UUID in any case, with spaces around it, and an empty value (property)', () => {
		fc.assert(
			fc.property(fc.uuid(), fc.boolean(), fc.constantFrom('', ' ', '  '), (uuid, upper, pad) => {
				const value = `${pad}${upper ? uuid.toUpperCase() : uuid}${pad}`;
				expect(credentialProblem(custom({ subMerchantId: value }))).toBeUndefined();
			}),
		);
		expect(credentialProblem(custom({ subMerchantId: '' }))).toBeUndefined();
	});

	it('refuses anything else, naming it (property)', () => {
		fc.assert(
			fc.property(fc.string({ minLength: 1 }), (value) => {
				fc.pre(value.trim() !== '' && !UUID.test(value.trim()));
				expect(credentialProblem(custom({ subMerchantId: value }))).toContain(JSON.stringify(value.trim()));
			}),
		);
	});
});

describe('Custom Base URL', () => {
	it('refuses a URL with a user name or password, and shows it without them (property)', () => {
		fc.assert(
			fc.property(
				fc.constantFrom('http', 'https'),
				fc.stringMatching(/^[A-Za-z0-9._~-]{1,12}$/),
				fc.option(fc.stringMatching(/^[A-Za-z0-9._~!$&'()*+,;=-]{1,16}$/), { nil: undefined }),
				fc.domain(),
				(scheme, user, password, host) => {
					const login = password === undefined ? user : `${user}:${password}`;
					const problem = credentialProblem(custom({ baseUrl: `${scheme}://${login}@${host}/pivot` }));
					expect(problem).toContain('carries a user name or password');
					expect(problem).toContain(`${scheme}://${host}/pivot`);
					expect(problem).not.toContain(`//${login}@`);
				},
			),
		);
	});

	it('accepts a plain URL', () => {
		expect(credentialProblem(custom({}))).toBeUndefined();
		expect(credentialProblem({ environment: 'sandbox' })).toBeUndefined();
	});
});
