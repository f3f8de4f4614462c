import type { INodeProperties } from 'n8n-workflow';

/** Wait and download settings, shared by Generate Video and Get Task. */
export function waitProperties(operation: string, waitByDefault: boolean, withWaitMode = false): INodeProperties[] {
	const show = { operation: [operation] };
	const whenWaiting = { ...show, waitForCompletion: [true] };
	const waitForCompletion = waitByDefault ? { ...WAIT_FOR_COMPLETION, default: true } : WAIT_FOR_COMPLETION;
	return [
		{ ...waitForCompletion, displayOptions: { show } },
		...(withWaitMode ? waitModeProperties(operation) : []),
		...waitPropertiesInner(whenWaiting),
	];
}

/** Off by default (Get Task); Generate Video turns it on. */
const WAIT_FOR_COMPLETION: INodeProperties = {
	displayName: 'Wait for Completion',
	name: 'waitForCompletion',
	type: 'boolean',
	default: false,
	description:
		'Whether to wait until the video is ready (or failed) and return its URL. All items are waited on together. Off: return the task at once and check it later with Get Task.',
};

function waitPropertiesInner(whenWaiting: { operation: string[]; waitForCompletion: boolean[] }): INodeProperties[] {
	return [
		{
			displayName: 'Download Video',
			name: 'downloadVideo',
			type: 'boolean',
			default: false,
			description: 'Whether to download the finished video into a binary property (streamed; result URLs expire after 24 hours)',
			displayOptions: { show: whenWaiting },
		},
		{
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			hint: 'The name of the output binary field to put the video in',
			displayOptions: { show: { ...whenWaiting, downloadVideo: [true] } },
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
					typeOptions: { minValue: 1, maxValue: 1440 },
					description:
						'Stop waiting after this long. The task keeps running at EvoLink; its ID is in the output so Get Task can pick it up. At most 24 hours, when results expire.',
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

export interface WaitSettings {
	wait: boolean;
	download: boolean;
	binaryPropertyName: string;
	timeoutMs: number;
	pollIntervalMs?: number;
}

export type ParamReader = (name: string, itemIndex: number, fallback: unknown) => unknown;

const MAX_TIMEOUT_MINUTES = 1440;

/** Throws a plain Error naming the setting; callers add the item index. */
export function readWaitSettings(getParam: ParamReader, itemIndex: number): WaitSettings {
	const wait = getParam('waitForCompletion', itemIndex, false) as boolean;
	const download = wait && (getParam('downloadVideo', itemIndex, false) as boolean);
	const options = (wait ? getParam('waitOptions', itemIndex, {}) : {}) as {
		timeoutMinutes?: unknown;
		pollIntervalSeconds?: unknown;
	};
	// An expression can hand over anything: NaN here would make the wait loop spin.
	const minutes = Number(options.timeoutMinutes ?? 15);
	if (!Number.isFinite(minutes) || minutes <= 0 || minutes > MAX_TIMEOUT_MINUTES)
		throw new Error(`Timeout (Minutes) must be a number above 0 and at most ${MAX_TIMEOUT_MINUTES}, not ${JSON.stringify(options.timeoutMinutes)}`);
	const interval = Number(options.pollIntervalSeconds ?? 0);
	if (!Number.isFinite(interval) || interval < 0)
		throw new Error(`Poll Interval (Seconds) must be 0 (Auto) or more, not ${JSON.stringify(options.pollIntervalSeconds)}`);
	const binaryPropertyName = download ? String(getParam('binaryPropertyName', itemIndex, 'data')).trim() : 'data';
	if (!binaryPropertyName) throw new Error('Put Output File in Field must not be empty');
	return {
		wait,
		download,
		binaryPropertyName,
		timeoutMs: minutes * 60_000,
		pollIntervalMs: interval > 0 ? interval * 1000 : undefined,
	};
}

/**
 * Generate Video only: how to wait. On Callback parks the execution in n8n's database
 * and EvoLink's callback resumes it (callback.park.ts, callback.resume.ts).
 */
export function waitModeProperties(operation: string): INodeProperties[] {
	const whenWaiting = { operation: [operation], waitForCompletion: [true] };
	return [
		{
			displayName: 'Wait Mode',
			name: 'waitMode',
			type: 'options',
			noDataExpression: true,
			default: 'poll',
			options: [
				{
					name: 'Poll',
					value: 'poll',
					description: 'This execution stays running and asks EvoLink for the status until the video is ready',
				},
				{
					name: 'On Callback',
					value: 'callback',
					description:
						'The execution sleeps in the database while EvoLink renders; EvoLink calls this execution back when every task has ended. Needs n8n reachable by EvoLink over https (WEBHOOK_URL).',
				},
			],
			displayOptions: { show: whenWaiting },
		},
		{
			displayName:
				'EvoLink calls back the public https URL of this n8n (set WEBHOOK_URL, e.g. https://n8n.example.com/). A local http:// n8n cannot receive callbacks from EvoLink: the node stops before creating any task. Nothing runs while the video renders; each item\'s task ID is kept, and if no callback comes within the limit the items come out with evolinkTask.status "no_callback".',
			name: 'callbackNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { ...whenWaiting, waitMode: ['callback'] } },
		},
		{
			displayName: 'Limit Wait Time',
			name: 'callbackLimit',
			type: 'number',
			default: 1,
			typeOptions: { minValue: 0, numberPrecision: 2 },
			description:
				'Resume after this long even without a callback (at least 1 minute, at most 24 hours: results expire then). Items then carry their task ID and status "no_callback": check them with Get Task.',
			displayOptions: { show: { ...whenWaiting, waitMode: ['callback'] } },
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
			displayOptions: { show: { ...whenWaiting, waitMode: ['callback'] } },
		},
	];
}

/** Callback mode applies to the whole node: its first item decides. */
export function isCallbackMode(getParam: ParamReader): boolean {
	return (getParam('waitForCompletion', 0, false) as boolean) && getParam('waitMode', 0, 'poll') === 'callback';
}
