/** Fields used by more than one operation. */
import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

type Show = NonNullable<IDisplayOptions['show']>;

export function channelCodeField(show: Show, name = 'channelCode'): INodeProperties {
	return {
		displayName: 'Channel Code',
		name,
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		// n8n's node panel marks no parameter as required, so the hint says it (see create.fields.ts)
		hint: 'Required. Pick from the list or type the code.',
		description: 'The destination bank or e-wallet',
		displayOptions: { show },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchChannels', searchable: true },
			},
			{
				displayName: 'Code',
				name: 'id',
				type: 'string',
				placeholder: 'BCA',
				hint: "Pivot's channel code, e.g. BCA, MANDIRI, GOPAY",
			},
		],
	};
}

export function allowUnlistedChannelField(show: Show): INodeProperties {
	return {
		displayName: 'Allow Unlisted Channel Code',
		name: 'allowUnlistedChannel',
		type: 'boolean',
		default: false,
		description:
			"Whether to send a channel code that is not in this node's list of Pivot channels (for codes Pivot added recently)",
		displayOptions: { show },
	};
}

/** The resource locator's value, whichever mode the user picked (or a plain string from older JSON). */
export function readChannelCode(context: IExecuteFunctions, itemIndex: number, name = 'channelCode'): unknown {
	const value = context.getNodeParameter(name, itemIndex, '', { extractValue: true });
	return typeof value === 'object' && value !== null ? (value as { value?: unknown }).value : value;
}
