import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { hasSecretPath, receiveCallback } from './callbackReceiver';

export class EvoLinkTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'EvoLink Trigger',
		name: 'evoLinkTrigger',
		icon: { light: 'file:../../icons/evolink.svg', dark: 'file:../../icons/evolink.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ {completed: "Task Completed", failed: "Task Failed"}[$parameter["events"]] || "Task Ended" }}',
		description: 'Starts the workflow when an EvoLink video task ends (EvoLink callback)',
		defaults: { name: 'EvoLink Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'evoLinkApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'evolink' }],
		properties: [
			{
				displayName:
					"Put this node's Production URL into the Callback URL option of EvoLink → Generate Video, then activate the workflow. EvoLink calls public https addresses only (WEBHOOK_URL).",
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Trigger On',
				name: 'events',
				type: 'options',
				default: 'all',
				options: [
					{ name: 'Any End', value: 'all', description: 'Every task that ends: completed, failed or cancelled' },
					{ name: 'Completed Only', value: 'completed', description: 'Tasks whose video is ready' },
					{ name: 'Failed or Cancelled Only', value: 'failed', description: 'Tasks that failed or were cancelled (the error is in the output)' },
				],
			},
			{
				displayName: 'Download Video',
				name: 'downloadVideo',
				type: 'boolean',
				default: false,
				description: 'Whether to download the finished video into a binary field (result URLs expire after 24 hours)',
			},
			{
				displayName: 'Put Output File in Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				hint: 'The name of the output binary field to put the video in',
				displayOptions: { show: { downloadVideo: [true] } },
			},
		],
	};

	webhookMethods = {
		default: {
			// Nothing to register at EvoLink (the URL goes into each task); only refuse a guessable URL.
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const node = this.getNode();
				if (!hasSecretPath(node.webhookId)) {
					throw new NodeOperationError(node, 'This EvoLink Trigger has no random webhook ID, so its URL would be guessable', {
						description: 'Delete the node and add it again in the editor (n8n gives each new webhook node a random ID), then save.',
					});
				}
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveCallback.call(this);
	}
}
