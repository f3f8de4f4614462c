import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { WATCH_WEBHOOKS, runWatch, watchWebhook } from '../EvoLink/callback/watch';

/**
 * Internal (hidden): the watch EvoLink's Generate Video starts beside an execution it parks
 * in Wait Mode "On Callback" (see callback/watch.ts). Not for use in workflows.
 */
export class EvoLinkWatch implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'EvoLink Watch',
		name: 'evoLinkWatch',
		icon: { light: 'file:../../icons/evolink.svg', dark: 'file:../../icons/evolink.dark.svg' },
		group: ['transform'],
		version: 1,
		hidden: true,
		subtitle: 'Internal',
		description: 'Internal: checks the tasks of a parked EvoLink execution and resumes it once they have ended',
		defaults: { name: 'EvoLink Watch' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'evoLinkApi', required: true }],
		webhooks: WATCH_WEBHOOKS,
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runWatch(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await watchWebhook(this);
	}
}
