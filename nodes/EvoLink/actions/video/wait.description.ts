import type { INodeProperties } from 'n8n-workflow';

/** Wait and download settings, shared by Generate Video and Get Task. */
export function waitProperties(operation: string, waitByDefault: boolean): INodeProperties[] {
	const show = { operation: [operation] };
	const whenWaiting = { ...show, waitForCompletion: [true] };
	return [
		{
			displayName: 'Wait for Completion',
			name: 'waitForCompletion',
			type: 'boolean',
			// eslint-disable-next-line n8n-nodes-base/node-param-default-wrong-for-boolean -- differs per operation
			default: waitByDefault,
			description:
				'Whether to wait until the video is ready (or failed) and return its URL. All items are waited on together. Off: return the task at once and check it later with Get Task.',
			displayOptions: { show },
		},
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
			displayOptions: { show: whenWaiting },
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

type ParamReader = (name: string, itemIndex: number, fallback: unknown) => unknown;

export function readWaitSettings(getParam: ParamReader, itemIndex: number): WaitSettings {
	const wait = getParam('waitForCompletion', itemIndex, false) as boolean;
	const download = wait && (getParam('downloadVideo', itemIndex, false) as boolean);
	const options = (wait ? getParam('waitOptions', itemIndex, {}) : {}) as {
		timeoutMinutes?: number;
		pollIntervalSeconds?: number;
	};
	const interval = Number(options.pollIntervalSeconds ?? 0);
	return {
		wait,
		download,
		binaryPropertyName: download ? String(getParam('binaryPropertyName', itemIndex, 'data')) : 'data',
		timeoutMs: Math.min(Math.max(Number(options.timeoutMinutes ?? 15), 0.05), 1440) * 60_000,
		pollIntervalMs: interval > 0 ? interval * 1000 : undefined,
	};
}
