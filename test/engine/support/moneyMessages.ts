/**
 * What a run says about money, asserted the same way everywhere: "(not paid)" only when Pivot
 * refused or a successful look-up proved nothing was created, "(outcome unknown)" otherwise, and
 * an unknown outcome never worded so that a person would pay again by hand.
 */
/** Words that invite a person to pay again by hand. */
export const SAYS_NOT_PAID = /not created|not paid|nothing was paid|safe to run again|running again is safe|not at pivot yet/i;

export type ShownError = { message?: string; description?: string | null } | undefined;

/** The message and description of an error, as one text. */
export function errorText(error: ShownError): string {
	return `${error?.message} ${error?.description}`;
}

/** The error (or a Continue On Fail item's error text) says the outcome is unknown, and nothing that reads as "not paid". */
export function expectOutcomeUnknown(shown: ShownError | string): void {
	const message = typeof shown === 'string' ? shown : shown?.message;
	expect(message).toMatch(/\(outcome unknown\)$/);
	expect(typeof shown === 'string' ? shown : errorText(shown)).not.toMatch(SAYS_NOT_PAID);
}

/**
 * The error says "(already at Pivot)": a payout holds the Reference ID and cannot be matched to
 * this item, so nothing may read as "not paid"; the description shows what Pivot holds.
 */
export function expectAtPivot(error: ShownError, ...because: RegExp[]): void {
	expect(error?.message).toMatch(/\(already at Pivot\)$/);
	expect(error?.message).not.toMatch(SAYS_NOT_PAID);
	for (const pattern of because) expect(error?.description).toMatch(pattern);
}

/** The error says "(not paid)" and its description explains why (each pattern must match). */
export function expectNotPaid(error: ShownError, ...because: RegExp[]): void {
	expect(error?.message).toMatch(/\(not paid\)$/);
	for (const pattern of because) expect(error?.description).toMatch(pattern);
}
