import type { INodeProperties } from 'n8n-workflow';

import * as generate from './generate.operation';
import * as getTask from './getTask.operation';

export { generate, getTask };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['video'] } },
		options: [
			{
				name: 'Generate Video',
				value: 'generate',
				action: 'Generate a video',
				description: 'Create a video from a text prompt, optionally wait for it and download it',
			},
			{
				name: 'Get Task',
				value: 'getTask',
				action: 'Get a video task',
				description: 'Get the status and result of a video task, optionally wait for it',
			},
		],
		default: 'generate',
	},
	...generate.description,
	...getTask.description,
];
