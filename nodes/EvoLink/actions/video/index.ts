import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import * as generate from './generate.operation';
import * as getManyTasks from './getManyTasks.operation';
import * as getTask from './getTask.operation';

export { generate, getManyTasks, getTask };

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
				description: 'Create a video with an EvoLink model, wait for it and download it',
			},
			{
				name: 'Get Task',
				value: 'getTask',
				action: 'Get a video task',
				description: 'Get the status and result of one or more video tasks, optionally waiting for them',
			},
			{
				name: 'Get Many Tasks',
				value: 'getManyTasks',
				action: 'Get many video tasks',
				description: 'List recent tasks of the account, e.g. to find one whose answer was lost',
			},
		],
		default: 'generate',
	},
	...updateDisplayOptions({ show: { resource: ['video'] } }, [...generate.description, ...getTask.description, ...getManyTasks.description]),
];
