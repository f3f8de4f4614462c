import type { IDataObject } from 'n8n-workflow';

import type { ApiTask } from '../transport/types';

/** Result links of a task: `results[]`, then `result_data[].video_url/image_url/audio_url` (platform §3). */
export function resultLinks(task: ApiTask): string[] {
	const links = Array.isArray(task.results) ? task.results.filter((r): r is string => typeof r === 'string') : [];
	const data = Array.isArray(task.result_data) ? task.result_data : task.result_data ? [task.result_data] : [];
	for (const entry of data as Array<Record<string, unknown>>) {
		for (const key of ['video_url', 'image_url', 'audio_url']) {
			const url = entry?.[key];
			if (typeof url === 'string' && !links.includes(url)) links.push(url);
		}
	}
	return links;
}

/** A task as workflows want it: flat, with the first video URL and the charge at hand. Unknown fields are ignored. */
export function normalizeTask(task: ApiTask): IDataObject {
	const out: IDataObject = {
		id: task.id,
		status: task.status,
		progress: task.progress ?? (task.status === 'completed' ? 100 : 0),
		model: task.model,
	};
	const links = resultLinks(task);
	if (links.length > 0 || Array.isArray(task.results)) {
		out.videoUrl = links.find((l) => /\.(mp4|mov|webm)(\?|$)/i.test(l)) ?? links[0];
		out.results = links;
	}
	if (task.status === 'failed' || task.status === 'cancelled' || task.error) {
		// A cancelled task without a code is a cancelled request (the vendor's client reads it so).
		const fallback = task.status === 'cancelled' ? 'request_cancelled' : 'unknown_error';
		out.error = {
			code: task.error?.code ?? fallback,
			message: task.error?.message ?? (task.status === 'cancelled' ? 'The task was cancelled' : 'The task failed'),
		};
	}
	if (task.task_info?.estimated_time !== undefined) out.estimatedTime = task.task_info.estimated_time;
	const usage = task.usage;
	if (usage) {
		if (typeof usage.credits_reserved === 'number') out.creditsReserved = usage.credits_reserved;
		const used = typeof usage.credits_used === 'number' ? usage.credits_used : usage.cost?.credits;
		if (typeof used === 'number') out.creditsUsed = used;
		if (typeof usage.cost?.usd === 'number') out.costUsd = usage.cost.usd;
		out.usage = usage as IDataObject;
	}
	if (typeof task.duration === 'number') out.durationSeconds = task.duration;
	if (typeof task.created === 'number') out.created = new Date(task.created * 1000).toISOString();
	return out;
}
