import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import * as getCredits from './getCredits.operation';

export { getCredits };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		options: [
			{
				name: 'Get Credits',
				value: 'getCredits',
				action: 'Get credits',
				description: 'Get the credit balance of the account and of this API key',
			},
		],
		default: 'getCredits',
	},
	...updateDisplayOptions({ show: { resource: ['account'] } }, getCredits.description),
];
