/**
 * PivotTrigger.webhook() with Expand Bulk Results when the fetch from Pivot fails: the bulk event
 * is still emitted and acknowledged, with expandError, and no token, client secret or callback key
 * reaches it. (Expanding against the simulator: simulator.expand.test.ts.)
 */
import { randomBytes } from 'crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { IDataObject } from 'n8n-workflow';

import { bulkBody, singleBody, totals } from './support/callbackBodies';
import { CALLBACK_KEY, CLIENT_SECRET, credentials, deliver, expectExecution, json } from './support/deliver';

describe('PivotTrigger.webhook(): expand bulk results when Pivot cannot be reached', () => {
	it('still emits the bulk event, with expandError, and acknowledges it', async () => {
		const creds = credentials();
		const call = await deliver(json(bulkBody('PAYOUT.DONE')), {
			credentials: creds,
			parameters: { options: { expandBulkResults: true } },
		});
		expectExecution(call);
		const item = call.items[0];
		expect(item).toMatchObject({ event: 'PAYOUT.DONE', scope: 'bulk', totals: totals() });
		expect(item.expandError).toMatchObject({ pagesFetched: 0 });
		expect(String((item.expandError as IDataObject).message)).toMatch(/^Expand bulk results: /);
		const text = JSON.stringify(call.items);
		expect(text).not.toContain(String(creds.clientSecret));
		expect(text).not.toContain(CALLBACK_KEY);
	});

	it('does not expand single-payout events', async () => {
		const call = await deliver(json(singleBody('PAYOUT.SUCCESS')), { parameters: { options: { expandBulkResults: true } } });
		expectExecution(call);
		expect(call.items[0]).not.toHaveProperty('expandError');
	});
});

describe('PivotTrigger.webhook(): expand bulk results when the fetch is answered with echoed headers', () => {
	let app: FastifyInstance | undefined;
	afterEach(async () => {
		await app?.close();
		app = undefined;
	});

	it('expandError keeps the answer but never the token, the secret or the callback key', async () => {
		const tokens: string[] = [];
		let echoes = 0;
		app = Fastify();
		app.post('/v1/access-token', async () => {
			const token = `tok${randomBytes(24).toString('hex')}`;
			tokens.push(token);
			return { code: '00', message: 'Success', data: { accessToken: token, expiresIn: '900', tokenType: 'Bearer' } };
		});
		app.get('/v1/payouts/:uuid', async (req, reply) => {
			echoes++;
			const authorization = String(req.headers.authorization);
			const raw = authorization.replace(/^Bearer /, '');
			return await reply.code(400).send({
				code: 'field_format_invalid',
				message: `Proxy rejected. Authorization: ${authorization}; token ${raw}; secret ${CLIENT_SECRET}; key ${CALLBACK_KEY}`,
				error: { type: 'API_ERROR', details: [{ field: 'authorization', message: authorization }], trace_id: raw },
			});
		});
		const url = await app.listen({ port: 0, host: '127.0.0.1' });
		const call = await deliver(json(bulkBody('PAYOUT.DONE')), {
			credentials: credentials({ baseUrl: url }),
			parameters: { options: { expandBulkResults: true } },
		});
		expect(echoes).toBeGreaterThan(0);
		expect(call.response.statusCode).toBe(200);
		expect(call.items).toHaveLength(1);
		const expandError = call.items[0].expandError as IDataObject;
		expect(expandError).toMatchObject({ httpCode: 400, code: 'field_format_invalid', pagesFetched: 0 });
		const shown = JSON.stringify(call.items);
		expect(shown).toMatch(/Proxy rejected/);
		for (const secret of [...tokens, CLIENT_SECRET, CALLBACK_KEY]) expect(shown).not.toContain(secret);
	});
});
