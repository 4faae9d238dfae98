/**
 * How every message names input items. People count rows from 1, while n8n's own error details
 * show the zero-based "Item Index": "Item 1 (index 0)" reads right for both, so nobody pays or
 * fixes the row next to the one meant.
 */

/** "Item 1 (index 0)", or "Items 1–3 (index 0–2)" for a range: the start of a message. */
export function itemLabel(first: number, last = first): string {
	return first === last ? `Item ${first + 1} (index ${first})` : `Items ${first + 1}–${last + 1} (index ${first}–${last})`;
}

/** The same inside a sentence: "item 1 (index 0)", "items 1–3 (index 0–2)". */
export function itemText(first: number, last = first): string {
	const label = itemLabel(first, last);
	return label[0].toLowerCase() + label.slice(1);
}
