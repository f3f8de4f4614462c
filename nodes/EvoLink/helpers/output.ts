import type { IDataObject } from 'n8n-workflow';

import type { ApiTask } from '../transport/types';

/** A task as workflows want it: flat, with the first video URL at hand. Unknown fields are ignored. */
export function normalizeTask(task: ApiTask): IDataObject {
	const out: IDataObject = {
		id: task.id,
		status: task.status,
		progress: task.progress ?? (task.status === 'completed' ? 100 : 0),
		model: task.model,
	};
	if (Array.isArray(task.results)) {
		out.videoUrl = task.results[0];
		out.results = task.results;
	}
	if (task.status === 'failed' || task.error) {
		out.error = { code: task.error?.code ?? 'unknown_error', message: task.error?.message ?? 'The task failed' };
	}
	if (task.task_info?.estimated_time !== undefined) out.estimatedTime = task.task_info.estimated_time;
	if (task.usage) out.usage = task.usage as IDataObject;
	if (typeof task.created === 'number') out.created = new Date(task.created * 1000).toISOString();
	return out;
}

export { isTask } from '../transport/types';
