import { itemLabel, itemText } from '../../../nodes/lib/itemLabel';
import { tokenFailureText } from '../../../nodes/lib/transport/errors';

describe('itemLabel: messages count items from 1 and show n8n\'s zero-based index', () => {
	it('one item and a range', () => {
		expect(itemLabel(0)).toBe('Item 1 (index 0)');
		expect(itemLabel(41)).toBe('Item 42 (index 41)');
		expect(itemLabel(0, 999)).toBe('Items 1–1000 (index 0–999)');
		expect(itemLabel(3, 3)).toBe('Item 4 (index 3)');
	});

	it('inside a sentence it starts in lower case', () => {
		expect(itemText(1)).toBe('item 2 (index 1)');
		expect(itemText(2000, 2499)).toBe('items 2001–2500 (index 2000–2499)');
	});
});

describe('the refused-credential message names the environment the way a person says it', () => {
	const refused = (environment: string) => tokenFailureText('http://127.0.0.1:4010', environment, 401, { code: 'credentials_invalid' });

	it('sandbox and production by name', () => {
		expect(refused('sandbox')).toContain('belong to the sandbox environment: sandbox and production keys differ');
		expect(refused('production')).toContain('belong to the production environment');
	});

	it('Custom: the environment its Base URL points to, never "the custom environment"', () => {
		const text = refused('custom');
		expect(text).toContain('belong to the environment that the Base URL points to (sandbox or production)');
		expect(text).not.toMatch(/custom environment/i);
	});
});
