/**
 * PivotTrigger.webhook() with Include Raw: the body as sent and the headers, with every header
 * that carries a secret redacted whatever its name.
 */
import type { IDataObject } from 'n8n-workflow';

import { singleBody } from './support/callbackBodies';
import { CALLBACK_KEY, deliver, expectExecution, json } from './support/deliver';

describe('PivotTrigger.webhook(): raw option', () => {
	it('adds the body as sent and the headers with the key redacted', async () => {
		const body = singleBody('PAYOUT.FAILED');
		const call = await deliver(json(body), {
			parameters: { options: { includeRaw: true } },
			headers: { authorization: 'Basic c2VjcmV0', 'x-forwarded-for': '203.0.113.7', cookie: 'session=abc' },
		});
		expectExecution(call);
		const raw = call.items[0].raw as IDataObject;
		expect(raw.body).toEqual(body);
		const headers = raw.headers as IDataObject;
		expect(headers['x-api-key']).toBe('[redacted]');
		expect(headers.authorization).toBe('[redacted]');
		expect(headers.cookie).toBe('[redacted]');
		expect(headers['x-forwarded-for']).toBe('203.0.113.7');
		expect(headers['content-type']).toBe('application/JSON');
		expect(JSON.stringify(call.items)).not.toContain(CALLBACK_KEY);
	});

	it('is off by default', async () => {
		const call = await deliver(json(singleBody('PAYOUT.SUCCESS')));
		expect(call.items[0]).not.toHaveProperty('raw');
	});
});

describe('PivotTrigger.webhook(): Include Raw redacts any header whose value carries the callback key, whatever its name', () => {
	it.each([
		['x-forwarded-key', 'KEY'],
		['x-forwarded-key', 'key=KEY'],
		['x-original-headers', 'X-API-Key: KEY; accept: */*'],
		['forwarded', 'for=10.0.0.1;secret=KEY'],
	])('%s: %s', async (name, template) => {
		const value = template.replace('KEY', CALLBACK_KEY);
		const call = await deliver(json(singleBody('PAYOUT.SUCCESS')), {
			headers: { [name]: value, 'x-request-note': 'plain value' },
			parameters: { options: { includeRaw: true } },
		});
		expectExecution(call);
		const headers = (call.items[0].raw as IDataObject).headers as IDataObject;
		expect(headers[name]).toBe('[redacted]');
		expect(headers['x-api-key']).toBe('[redacted]');
		// Only secret-bearing headers are redacted.
		expect(headers['x-request-note']).toBe('plain value');
		expect(JSON.stringify(call.items)).not.toContain(CALLBACK_KEY);
	});
});
