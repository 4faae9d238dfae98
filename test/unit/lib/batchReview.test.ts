/**
 * The preview's review of a batch (nodes/lib/batchReview.ts): every invalid row is found, not only
 * the first, with the same verdicts a payment's validation gives; and rows paying the same account
 * the same amount under other Reference IDs are flagged, each naming the others.
 */
import fc from 'fast-check';

import { repeatedPayoutWarnings, reviewPayoutRows } from '../../../nodes/lib/batchReview';
import type { PayoutInput } from '../../../nodes/lib/validation';
import { validatePayoutBatch } from '../../../nodes/lib/validation';

const input = (referenceId: unknown, amount: unknown = '150000', accountNumber = '999966660001'): PayoutInput => ({
	destination: 'channel',
	channelCode: 'BCA',
	accountNumber,
	accountName: 'Dummy Simulation',
	amount,
	referenceId,
});

describe('reviewPayoutRows', () => {
	it('reports every invalid row in row order, with a duplicate Reference ID as a problem of the later row', () => {
		const review = reviewPayoutRows([input('A'), input('B', '1.500'), input('C'), input('', '1'), input('A')], () => ({}));
		expect(review.problems.map((p) => [p.index, p.field])).toEqual([[1, 'Amount'], [3, 'Reference ID'], [4, 'Reference ID']]);
		expect(review.items.map((item) => item?.referenceId)).toEqual(['A', undefined, 'C', undefined, undefined]);
	});

	it("finds the payment's first problem as its own first, and accepts exactly what the payment accepts", () => {
		const row = fc.record({
			ref: fc.constantFrom('R1', 'R2', 'R3', '', 'bad ref'),
			amount: fc.constantFrom('150000', '1.500', 5000, 150000, 'x'),
		});
		fc.assert(
			fc.property(fc.array(row, { minLength: 1, maxLength: 8 }), (rows) => {
				const inputs = rows.map((r) => input(r.ref, r.amount));
				const payment = validatePayoutBatch(inputs, {});
				const review = reviewPayoutRows(inputs, () => ({}));
				if (payment.ok) {
					expect(review.problems).toEqual([]);
					expect(review.items).toEqual(payment.items);
				} else {
					expect(review.problems[0]).toEqual({ index: payment.index, field: payment.field, problem: payment.problem });
				}
			}),
		);
	});
});

describe('repeatedPayoutWarnings', () => {
	it('flags each row paying the same account the same amount under another Reference ID, naming the others', () => {
		const { items } = reviewPayoutRows([input('A'), input('B'), input('C', '150001'), input('D', '150000', '999966660002'), input('E')], () => ({}));
		const warnings = repeatedPayoutWarnings(items);
		expect([...warnings.keys()]).toEqual([0, 1, 4]);
		expect(warnings.get(0)).toBe(
			'Same account and amount as item 2 (index 1) (Reference ID B), item 5 (index 4) (Reference ID E): Pivot would pay each of them, as their Reference IDs differ. Check it is not one payout entered twice.',
		);
	});

	it('treats an inquiry ID as the account, without case', () => {
		const id = 'f4f3b3d0-fbff-414a-9ec1-f2c279b4e0c6';
		const byInquiry = (ref: string, inquiryId: string): PayoutInput => ({ destination: 'inquiry', inquiryId, amount: 10000, referenceId: ref });
		const { items } = reviewPayoutRows([byInquiry('A', id), byInquiry('B', id.toUpperCase())], () => ({}));
		expect(repeatedPayoutWarnings(items).size).toBe(2);
	});
});

describe('repeatedPayoutWarnings at scale', () => {
	it('describes 50,000 rows of one account and amount in linear time, naming five others and counting the rest', () => {
		const inputs = Array.from({ length: 50_000 }, (_, i) => input(`R${i}`));
		const { items } = reviewPayoutRows(inputs, () => ({}));
		const started = Date.now();
		const warnings = repeatedPayoutWarnings(items);
		expect(Date.now() - started).toBeLessThan(2000);
		expect(warnings.size).toBe(50_000);
		expect(warnings.get(3)).toMatch(/^Same account and amount as item 1 \(index 0\) \(Reference ID R0\), item 2 \(index 1\) .*item 6 \(index 5\) \(Reference ID R5\) and 49994 more:/);
	});
});
