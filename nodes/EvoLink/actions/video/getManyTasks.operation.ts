// Get Many Tasks: the account's recent tasks (GET /v1/tasks), the way to find a task after
// a lost answer. Optionally with result links (the list has none: they come from a batch read).
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { MODELS } from '../../models';
import { GET_MANY_TASKS_TOOL_DESCRIPTION } from '../../models/tool';
import { toolDescriptionProperty } from './wait.description';
import { normalizeTask } from '../../output/normalize';
import { toNodeError } from '../../output/errors';
import { forAgent } from '../../output/tool';
import { EvoLinkRequestError } from '../../transport/errors';
import { listTasks } from '../../transport/tasks';
import type { ApiTaskListItem } from '../../transport/types';
import { isTask } from '../../transport/types';
import { StatusReader } from '../../wait/status';

const OPERATION = 'getManyTasks';
const show = { operation: [OPERATION] };

export const description: INodeProperties[] = [
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1, maxValue: 50 },
		description: 'Max number of results to return',
		displayOptions: { show },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				default: 'processing',
				options: [
					{ name: 'Processing (Also Queued)', value: 'processing' },
					{ name: 'Completed', value: 'completed' },
					{ name: 'Failed', value: 'failed' },
					{ name: 'Cancelled', value: 'cancelled' },
				],
			},
			{
				displayName: 'Type',
				name: 'type',
				type: 'options',
				default: 'video',
				options: [
					{ name: 'Video', value: 'video' },
					{ name: 'Image', value: 'image' },
					{ name: 'Audio', value: 'audio' },
				],
			},
			{
				displayName: 'Model Name or ID',
				name: 'model',
				type: 'options',
				default: '',
				description: 'Only tasks of this model',
				options: MODELS.map((m) => ({ name: m.displayName, value: m.id })).sort((a, b) => a.name.localeCompare(b.name)),
			},
			{
				displayName: 'Page',
				name: 'page',
				type: 'number',
				default: 1,
				typeOptions: { minValue: 1 },
				description: 'Newest first: page 2 holds the next Limit tasks',
			},
		],
	},
	{
		displayName: 'Include Result Links',
		name: 'includeResults',
		type: 'boolean',
		default: false,
		description: 'Whether to add the video URLs of completed tasks (one more batch read; the list itself has no links)',
		displayOptions: { show },
	},
	toolDescriptionProperty(OPERATION, GET_MANY_TASKS_TOOL_DESCRIPTION),
];

function listItemJson(t: ApiTaskListItem): IDataObject {
	const out: IDataObject = { id: t.id, status: t.status, progress: t.progress ?? (t.status === 'completed' ? 100 : 0), model: t.model, type: t.type };
	if (typeof t.created_at === 'number') out.created = new Date(t.created_at * 1000).toISOString();
	if (typeof t.duration === 'number') out.durationSeconds = t.duration;
	if (t.has_results !== undefined) out.hasResults = t.has_results;
	if (t.result_count !== undefined) out.resultCount = t.result_count;
	if (t.has_error !== undefined) out.hasError = t.has_error;
	if (typeof t.credits_used === 'number') out.creditsUsed = t.credits_used;
	return out;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const out: INodeExecutionData[] = [];
	const items = this.getInputData();
	for (let i = 0; i < items.length; i++) {
		try {
			const filters = (this.getNodeParameter('filters', i, {}) ?? {}) as IDataObject;
			const limit = Math.min(50, Math.max(1, Math.floor(Number(this.getNodeParameter('limit', i, 50)) || 50)));
			const list = await listTasks(this, {
				status: filters.status ? String(filters.status) : undefined,
				type: filters.type ? String(filters.type) : undefined,
				model: filters.model ? String(filters.model) : undefined,
				page: filters.page ? Number(filters.page) : undefined,
				pageSize: limit,
			});
			const json = list.data.slice(0, limit).map(listItemJson);
			if (this.getNodeParameter('includeResults', i, false) === true) {
				const ids = list.data.filter((t) => t.status === 'completed' && t.has_results !== false).map((t) => t.id);
				const read = ids.length ? await new StatusReader(this).read(ids) : new Map();
				for (const j of json) {
					const task = read.get(String(j.id));
					if (isTask(task)) Object.assign(j, { videoUrl: normalizeTask(task).videoUrl, results: normalizeTask(task).results });
				}
			}
			out.push(...json.map((j) => ({ json: j, pairedItem: { item: i } })));
		} catch (error) {
			const err = error instanceof EvoLinkRequestError ? error : new EvoLinkRequestError(String(error));
			const missing = err.httpCode === 404 || err.httpCode === 405;
			const nodeError = toNodeError(node, err, i, { prefix: 'EvoLink task list' });
			// Not the 404 hint about an unknown task or model: the list itself is missing.
			if (missing) nodeError.description = 'This EvoLink server has no task list (GET /v1/tasks); look tasks up by ID with Get Task.';
			if (!this.continueOnFail()) await forAgent(this, () => { throw nodeError; });
			out.push({ json: { error: nodeError.message, description: nodeError.description ?? undefined }, pairedItem: { item: i } });
		}
	}
	return out;
}
