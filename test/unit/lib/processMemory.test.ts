import { BoundedMap } from '../../../nodes/lib/processMemory';

describe('BoundedMap (what one n8n process remembers between calls)', () => {
	it('forgets the oldest entry once it holds its limit', () => {
		const map = new BoundedMap<string, number>(3);
		for (const key of ['a', 'b', 'c', 'd']) map.set(key, 1);
		expect([...map.keys()]).toEqual(['b', 'c', 'd']);
	});

	it('updates an entry it already holds without forgetting another', () => {
		const map = new BoundedMap<string, number>(2);
		map.set('a', 1).set('b', 2).set('a', 3);
		expect([...map.entries()]).toEqual([
			['a', 3],
			['b', 2],
		]);
	});

	it('never grows past its limit, however many keys pass through it', () => {
		const map = new BoundedMap<number, number>(100);
		for (let i = 0; i < 10_000; i++) map.set(i, i);
		expect(map.size).toBe(100);
		expect(map.has(9_999)).toBe(true);
		expect(map.has(9_899)).toBe(false);
	});
});
