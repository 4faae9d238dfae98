/** The request pool and its shared 429 brake (pure): order, bounds, stop, pauses. */
import { sleep } from 'n8n-workflow';

import { retryAfterMs, runPool, Throttle } from '../../../../nodes/lib/transport/pool';

const tick = async (ms: number) => await sleep(ms);

describe('runPool', () => {
	it('never runs more than the limit at once, starts in order, keeps results by index', async () => {
		let running = 0;
		let peak = 0;
		const started: number[] = [];
		const slots = await runPool(20, 4, async (i) => {
			started.push(i);
			running++;
			peak = Math.max(peak, running);
			await tick(5 + ((i * 7) % 11));
			running--;
			return i * 10;
		});
		expect(peak).toBe(4);
		expect(started).toEqual([...started].sort((a, b) => a - b));
		expect(slots.map((s) => (s.started && s.ok ? s.value : null))).toEqual(Array.from({ length: 20 }, (_, i) => i * 10));
	});

	it('runs the first task alone, so the others can share what it obtained (the token)', async () => {
		const overlapWithFirst: number[] = [];
		let firstDone = false;
		await runPool(6, 3, async (i) => {
			if (i > 0 && !firstDone) overlapWithFirst.push(i);
			await tick(10);
			if (i === 0) firstDone = true;
		});
		expect(overlapWithFirst).toEqual([]);
	});

	it('starts nothing more once stop() is true; tasks under way finish; failures are kept, never thrown', async () => {
		let failed = false;
		const slots = await runPool(
			10,
			2,
			async (i) => {
				await tick(5);
				if (i === 2) {
					failed = true;
					throw new Error('refused');
				}
				return i;
			},
			() => failed,
		);
		const started = slots.filter((s) => s.started).length;
		expect(started).toBeLessThanOrEqual(4);
		expect(slots[2]).toMatchObject({ started: true, ok: false });
		expect(slots.slice(started).every((s) => !s.started)).toBe(true);
	});
});

describe('Throttle and Retry-After', () => {
	it('pauses everyone for Retry-After, and doubles its own pause without one', async () => {
		const throttle = new Throttle();
		throttle.slowDown(60);
		const before = Date.now();
		await throttle.ready();
		expect(Date.now() - before).toBeGreaterThanOrEqual(55);
		throttle.relax();
		await throttle.ready();
	});

	it.each([
		['2', 2000],
		[3, 3000],
		['0', 0],
		[['1'], 1000],
		['soon', undefined],
		[undefined, undefined],
	])('reads Retry-After %j as %j ms', (value, expected) => {
		expect(retryAfterMs(value)).toBe(expected);
	});

	it('reads an HTTP date as the time until it', () => {
		const ms = retryAfterMs(new Date(Date.now() + 5000).toUTCString());
		expect(ms).toBeGreaterThan(3000);
		expect(ms).toBeLessThanOrEqual(5000);
	});
});
