import type { INodeProperties } from 'n8n-workflow';

/** As a tool the agent only gets JSON and needs an answer soon: no callback mode, no download. */
const NOT_AS_TOOL = { '@tool': [true] };

/** Off by default (Get Task); Generate Video turns it on. */
const WAIT_FOR_COMPLETION: INodeProperties = {
	displayName: 'Wait for Completion',
	name: 'waitForCompletion',
	type: 'boolean',
	default: false,
	description:
		'Whether to wait until the video is ready (or failed) and return its URL. All items are waited on together. Off: return the task at once and check it later with Get Task.',
};

/** Wait and download settings, shared by Generate Video and Get Task. */
export function waitProperties(operation: string, waitByDefault: boolean, withWaitMode = false): INodeProperties[] {
	const show = { operation: [operation] };
	const whenWaiting = { ...show, waitForCompletion: [true] };
	const waitForCompletion = waitByDefault ? { ...WAIT_FOR_COMPLETION, default: true } : WAIT_FOR_COMPLETION;
	return [
		{ ...waitForCompletion, displayOptions: { show } },
		...(withWaitMode ? waitModeProperties(operation) : []),
		{
			displayName: 'Download Video',
			name: 'downloadVideo',
			type: 'boolean',
			default: false,
			description: 'Whether to download the finished video into a binary field (streamed; result URLs expire after 24 hours)',
			displayOptions: { show: whenWaiting, hide: NOT_AS_TOOL },
		},
		{
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			hint: 'The name of the output binary field to put the video in',
			displayOptions: { show: { ...whenWaiting, downloadVideo: [true] }, hide: NOT_AS_TOOL },
		},
		{
			displayName: 'Wait Options',
			name: 'waitOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: { show: whenWaiting, hide: { waitMode: ['callback'] } },
			options: [
				{
					displayName: 'Timeout (Minutes)',
					name: 'timeoutMinutes',
					type: 'number',
					default: 15,
					typeOptions: { minValue: 0.1, maxValue: 1440, numberPrecision: 1 },
					description:
						'Stop waiting after this long (each item its own). The task keeps running at EvoLink; its ID is in the output for Get Task. At most 24 hours, when results expire. As an AI tool the default is 4 minutes, and a render that takes longer comes back as a task ID to check later.',
				},
				{
					displayName: 'Poll Interval (Seconds)',
					name: 'pollIntervalSeconds',
					type: 'number',
					default: 0,
					typeOptions: { minValue: 0, maxValue: 600 },
					description:
						"0 = Auto: follows EvoLink's time estimate and the task's progress, asking rarely early on and often near the end. Otherwise a fixed interval.",
				},
			],
		},
	];
}

/**
 * Generate Video only: how to wait. On Callback parks the execution in n8n's database
 * and EvoLink's callback resumes it (callback/park.ts, callback/resume.ts).
 */
function waitModeProperties(operation: string): INodeProperties[] {
	const whenWaiting = { operation: [operation], waitForCompletion: [true] };
	const whenCallback = { ...whenWaiting, waitMode: ['callback'] };
	return [
		{
			displayName: 'Wait Mode',
			name: 'waitMode',
			type: 'options',
			noDataExpression: true,
			default: 'poll',
			options: [
				{ name: 'Poll', value: 'poll', description: 'This execution keeps running and asks EvoLink for the status until the video is ready' },
				{
					name: 'On Callback',
					value: 'callback',
					description: 'The execution sleeps in the database while EvoLink renders, and EvoLink calls it back. Needs n8n reachable over https.',
				},
			],
			displayOptions: { show: whenWaiting, hide: NOT_AS_TOOL },
		},
		{
			displayName: 'EvoLink calls this n8n back at its public https URL (set WEBHOOK_URL). Nothing runs while the video renders.',
			name: 'callbackNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: whenCallback, hide: NOT_AS_TOOL },
		},
		{
			displayName: 'Limit Wait Time',
			name: 'callbackLimit',
			type: 'number',
			default: 1,
			typeOptions: { minValue: 0, numberPrecision: 2 },
			description:
				'Give up waiting after this long (at least 1 minute, at most 24 hours: results expire then). The tasks are checked again along the way, so a lost callback costs minutes, not the whole limit.',
			displayOptions: { show: whenCallback, hide: NOT_AS_TOOL },
		},
		{
			displayName: 'Limit Unit',
			name: 'callbackLimitUnit',
			type: 'options',
			default: 'hours',
			options: [
				{ name: 'Minutes', value: 'minutes' },
				{ name: 'Hours', value: 'hours' },
			],
			displayOptions: { show: whenCallback, hide: NOT_AS_TOOL },
		},
	];
}

/** As an AI tool: what the agent is told about this operation (n8n adds no description of its own then). */
export function toolDescriptionProperty(operation: string, text: string): INodeProperties {
	return {
		displayName: 'Tool Description',
		name: 'toolDescription',
		type: 'string',
		default: text,
		typeOptions: { rows: 4 },
		description: 'What the AI agent is told about this tool',
		displayOptions: { show: { '@tool': [true], operation: [operation] } },
	};
}
