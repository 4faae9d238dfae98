/**
 * The batch digest (nodes/lib/batchDigest.ts): any change to what would be sent, or from which
 * account, changes it; the order of JSON keys does not. The approval value round-trips, and a
 * short digest or an edited approval is never accepted.
 */
import { createHash } from 'crypto';
import fc from 'fast-check';

import type { BatchAccount, DigestRequest } from '../../../nodes/lib/batchDigest';
import {
	approvalMismatch,
	approvalValue,
	batchAccount,
	batchDigest,
	batchTotals,
	formatRupiahText,
	parseApproval,
	shortDigest,
} from '../../../nodes/lib/batchDigest';
import { canonicalJson } from '../../../nodes/lib/idempotency';
import type { PivotPayoutItem } from '../../../nodes/lib/validation';

const ACCOUNT: BatchAccount = { environment: 'custom', baseUrl: 'http://127.0.0.1:9', clientId: 'client-a', subMerchantId: '' };

const payout = fc.record({
	referenceId: fc.stringMatching(/^[A-Za-z0-9._-]{1,12}$/),
	channelCode: fc.constantFrom('BCA', 'BRI', 'MANDIRI'),
	channelInformation: fc.record({ accountNumber: fc.stringMatching(/^[0-9]{6,12}$/), accountName: fc.string({ maxLength: 12 }) }),
	amount: fc.record({ value: fc.integer({ min: 10000, max: 250000000 }).map(String), currency: fc.constant('IDR' as const) }),
	description: fc.option(fc.stringMatching(/^[A-Za-z0-9 ]{1,20}$/), { nil: undefined }),
});

/** A batch of 1 to 12 rows split into requests of `size`. */
const batch = fc
	.tuple(fc.array(payout, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 5 }))
	.map(([rows, size]) => split(rows, size));

function split(rows: PivotPayoutItem[], size: number): DigestRequest[] {
	const requests: DigestRequest[] = [];
	for (let start = 0; start < rows.length; start += size) {
		requests.push({ requestId: `key${start}`.padEnd(16, '0'), payouts: rows.slice(start, start + size) });
	}
	return requests;
}

const rowsOf = (requests: DigestRequest[]) => requests.flatMap((r) => r.payouts) as PivotPayoutItem[];

/** The same value with every object's keys in reverse order. */
function reversedKeys(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(reversedKeys);
	if (value === null || typeof value !== 'object') return value;
	return Object.fromEntries(Object.keys(value).reverse().map((k) => [k, reversedKeys((value as Record<string, unknown>)[k])]));
}

describe('batchDigest', () => {
	it('is the SHA-256 of the whole batch serialised at once (hashing request by request changes nothing)', () => {
		fc.assert(
			fc.property(batch, (requests) => {
				const whole = canonicalJson({ account: ACCOUNT, requests: requests.map((r) => ({ requestId: r.requestId, payouts: r.payouts })), version: 1 });
				expect(batchDigest(ACCOUNT, requests)).toBe(createHash('sha256').update(whole).digest('hex'));
			}),
		);
	});

	it('does not depend on the order of JSON keys', () => {
		fc.assert(
			fc.property(batch, (requests) => {
				const reordered = reversedKeys(requests) as DigestRequest[];
				expect(batchDigest(reversedKeys(ACCOUNT) as BatchAccount, reordered)).toBe(batchDigest(ACCOUNT, requests));
			}),
		);
	});

	const edits: Array<[string, (p: PivotPayoutItem) => void]> = [
		['the amount', (p) => (p.amount.value = String(Number(p.amount.value) + 1))],
		['the account number', (p) => (p.channelInformation = { ...p.channelInformation!, accountNumber: `${p.channelInformation!.accountNumber}1` })],
		['the account name', (p) => (p.channelInformation = { ...p.channelInformation!, accountName: `${p.channelInformation!.accountName}x` })],
		['the channel', (p) => (p.channelCode = p.channelCode === 'BCA' ? 'BRI' : 'BCA')],
		['the Reference ID', (p) => (p.referenceId = `${p.referenceId}x`)],
		['the description', (p) => (p.description = p.description === 'A' ? 'B' : 'A')],
		['a new key in the body', (p) => Object.assign(p, { inquiryId: 'f4f3b3d0-fbff-414a-9ec1-f2c279b4e0c6' })],
	];
	it.each(edits)('changes when %s of any row changes', (_name, edit) => {
		fc.assert(
			fc.property(batch, fc.nat(), (requests, pick) => {
				const before = batchDigest(ACCOUNT, requests);
				const copy = structuredClone(requests);
				const rows = rowsOf(copy);
				edit(rows[pick % rows.length]);
				expect(batchDigest(ACCOUNT, copy)).not.toBe(before);
			}),
		);
	});

	it('changes when the same rows are split into requests differently', () => {
		fc.assert(
			fc.property(fc.array(payout, { minLength: 2, maxLength: 10 }), fc.integer({ min: 1, max: 9 }), (rows, size) => {
				const bulk = split(rows, rows.length);
				const other = split(rows, Math.min(size, rows.length - 1)).map((r) => ({ ...r, requestId: bulk[0].requestId }));
				expect(batchDigest(ACCOUNT, other)).not.toBe(batchDigest(ACCOUNT, bulk));
			}),
		);
	});

	it('changes when rows swap places, or an X-REQUEST-ID changes', () => {
		fc.assert(
			fc.property(batch, (requests) => {
				const before = batchDigest(ACCOUNT, requests);
				const rows = rowsOf(requests);
				fc.pre(rows.length > 1 && canonicalJson(rows[0]) !== canonicalJson(rows[rows.length - 1]));
				const swapped = [rows[rows.length - 1], ...rows.slice(1, -1), rows[0]];
				const size = requests[0].payouts.length;
				const resplit = split(swapped, size).map((r, n) => ({ ...r, requestId: requests[n].requestId }));
				expect(batchDigest(ACCOUNT, resplit)).not.toBe(before);
				const rekeyed = requests.map((r, n) => (n === 0 ? { ...r, requestId: `${r.requestId}X` } : r));
				expect(batchDigest(ACCOUNT, rekeyed)).not.toBe(before);
			}),
		);
	});

	const accounts: Array<[string, BatchAccount]> = [
		['the environment', { ...ACCOUNT, environment: 'production', baseUrl: '' }],
		['the base URL', { ...ACCOUNT, baseUrl: 'http://127.0.0.1:10' }],
		['the Client ID', { ...ACCOUNT, clientId: 'client-b' }],
		['the Sub-Merchant ID', { ...ACCOUNT, subMerchantId: 'f4f3b3d0-fbff-414a-9ec1-f2c279b4e0c6' }],
	];
	it.each(accounts)('changes with %s', (_name, other) => {
		fc.assert(fc.property(batch, (requests) => expect(batchDigest(other, requests)).not.toBe(batchDigest(ACCOUNT, requests))));
	});
});

describe('batchAccount', () => {
	it('keeps no secret and reads IDs as Pivot does (no case, no spaces); a named environment ignores the base URL', () => {
		const account = batchAccount({ environment: 'sandbox', baseUrl: 'http://x', clientId: ' Client-A ', clientSecret: 'not-in-it', subMerchantId: '' });
		expect(account).toEqual({ environment: 'sandbox', baseUrl: '', clientId: 'client-a', subMerchantId: '' });
		expect(JSON.stringify(account)).not.toContain('not-in-it');
		expect(batchAccount({ environment: 'custom', baseUrl: ' http://x:1/// ' }).baseUrl).toBe('http://x:1');
	});
});

describe('batchTotals', () => {
	it('counts and sums exactly, per channel, even past 2^53 rupiah', () => {
		const big = { amount: { value: '9007199254740993' }, channelCode: 'BCA' };
		const totals = batchTotals([
			{ requestId: 'a', payouts: [big, big] },
			{ requestId: 'b', payouts: [{ amount: { value: '10000' }, inquiryId: 'x' }] },
		]);
		expect(totals).toEqual({
			count: 3,
			total: '18014398509491986',
			requests: 2,
			totalsByChannel: { BCA: { count: 2, total: '18014398509481986' }, INQUIRY_ID: { count: 1, total: '10000' } },
		});
		expect(formatRupiahText('1234567')).toBe('Rp 1,234,567');
	});
});

describe('approval value', () => {
	const digest = 'a'.repeat(64);
	it('round-trips count, total and the full digest', () => {
		const value = approvalValue({ count: 3, total: '450000', digest });
		expect(value).toBe(`pivot-batch-v1:3:450000:${digest}`);
		expect(parseApproval(` ${value} `)).toEqual({ ok: true, approval: { count: 3, total: '450000', digest } });
	});

	it('refuses the short digest, and anything else, in its place', () => {
		expect(parseApproval(shortDigest(digest))).toMatchObject({ ok: false, problem: expect.stringMatching(/short digest/) });
		expect(parseApproval('')).toMatchObject({ ok: false });
		expect(parseApproval(`pivot-batch-v1:3:450000:${digest.slice(1)}`)).toMatchObject({ ok: false });
		expect(parseApproval(42)).toMatchObject({ ok: false });
	});

	it('says what changed: count and total approved and now', () => {
		const approved = { count: 3, total: '450000', digest };
		expect(approvalMismatch(approved, approved)).toBeUndefined();
		expect(approvalMismatch(approved, { count: 3, total: '460000', digest: 'b'.repeat(64) })).toBe(
			'The batch is not the one approved: approved 3 payout(s) totalling Rp 450,000 (digest aaaaaaaaaaaa), now 3 payout(s) totalling Rp 460,000 (digest bbbbbbbbbbbb); the rows changed',
		);
		expect(approvalMismatch(approved, { ...approved, digest: 'b'.repeat(64) })).toMatch(/the count and total are the same, so an account/);
		expect(approvalMismatch({ ...approved, total: '1' }, approved)).toMatch(/The approval value was altered/);
	});
});
