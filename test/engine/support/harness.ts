/**
 * Runs our nodes in n8n-core's real execution engine, in-process, the way n8n's own node tests do
 * (n8n-core's WorkflowExecute, real httpRequestWithAuthentication, real Retry On Fail), with a
 * credentials helper that follows packages/cli's CredentialsHelper: preAuthentication runs when the
 * expirable field is empty or a request was refused as expired, and its result is persisted.
 */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers, Workflow } from 'n8n-workflow';

import { PivotApi } from '../../../credentials/PivotApi.credentials';

export const CREDENTIAL_TYPE = 'pivotApi';

const credentialTypes: Record<string, ICredentialType> = { [CREDENTIAL_TYPE]: new PivotApi() };

/** Stored credential data per type; `updates` counts persisted token refreshes. */
export class TestCredentialsHelper extends ICredentialsHelper {
	updates = 0;

	constructor(private readonly store: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	stored(type = CREDENTIAL_TYPE): ICredentialDataDecryptedObject {
		return this.store[type];
	}

	getParentTypes(): string[] {
		return [];
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const type = credentialTypes[typeName];
		if (typeof type.authenticate === 'function') {
			return await type.authenticate(credentials, requestOptions);
		}
		return requestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = credentialTypes[typeName];
		const expirable = type.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		this.store[typeName] = { ...this.store[typeName], ...(output as ICredentialDataDecryptedObject) };
		this.updates++;
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return credentialTypes[type].properties;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		// A copy, as n8n decrypts a fresh object for every node run.
		return { ...(this.store[type] ?? {}) };
	}

	async getCredentials(): Promise<never> {
		throw new Error('not used by these tests');
	}

	async updateCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store[type] = { ...data };
	}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	isCredentialUsableByNode(): boolean {
		return true;
	}
}

class StaticNodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType>) {}

	getByName(type: string): INodeType | IVersionedNodeType {
		return this.types[type];
	}

	getByNameAndVersion(type: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.types[type], version);
	}

	getKnownTypes() {
		return {};
	}
}

/** The parts of n8n's additional data every context needs: the credentials helper and base URLs. */
export function baseAdditionalData(credentialsHelper: ICredentialsHelper): IDataObject {
	return {
		credentialsHelper: credentialsHelper as unknown as IDataObject,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		variables: {},
		currentNodeParameters: undefined,
	};
}

/** The Pivot credential for a simulator merchant (Environment: Custom). */
export function sandboxCredentials(url: string, merchant: { clientId: string; clientSecret: string; callbackApiKey: string }): ICredentialDataDecryptedObject {
	return {
		environment: 'custom',
		baseUrl: url,
		clientId: merchant.clientId,
		clientSecret: merchant.clientSecret,
		callbackApiKey: merchant.callbackApiKey,
		subMerchantId: '',
	};
}

export interface NodeSettings {
	retryOnFail?: boolean;
	maxTries?: number;
	waitBetweenTries?: number;
	onError?: INode['onError'];
}

export interface RunResult {
	/** Output items of the node under test (first output), empty when it failed. */
	items: INodeExecutionData[];
	/** Its error output's items ("On Error: Continue (using error output)"). */
	errorItems: INodeExecutionData[];
	/** The error the node failed with, if any. */
	error?: Error & { description?: string | null; context?: IDataObject; httpCode?: string | null };
	run: IRun;
}

let executionCounter = 0;

export class EngineHarness {
	readonly credentialsHelper: TestCredentialsHelper;

	private readonly nodeTypes: StaticNodeTypes;

	constructor(
		credentials: ICredentialDataDecryptedObject,
		private readonly types: Record<string, INodeType>,
	) {
		this.credentialsHelper = new TestCredentialsHelper({
			[CREDENTIAL_TYPE]: { accessToken: '', ...credentials },
		});
		this.nodeTypes = new StaticNodeTypes(types);
	}

	/** Runs one node as the start of a workflow with the given input items. */
	async run(
		type: string,
		parameters: IDataObject,
		inputItems: IDataObject[] | INodeExecutionData[],
		settings: NodeSettings = {},
		workflowSettings: IWorkflowSettings = {},
		/** Called once the execution has started, with what cancels it (the editor's Stop button). */
		onStart?: (cancel: () => void) => void,
	): Promise<RunResult> {
		const node: INode = {
			id: 'node-under-test',
			name: 'Pivot',
			type,
			typeVersion: 1,
			position: [0, 0],
			parameters: parameters as INode['parameters'],
			credentials: { [CREDENTIAL_TYPE]: { id: '1', name: 'Pivot account' } },
			...settings,
		};
		const workflow = new Workflow({
			id: 'engine-test',
			nodes: [node],
			connections: {},
			nodeTypes: this.nodeTypes,
			active: false,
			settings: workflowSettings,
		});
		// Each run is its own execution, as in n8n (per-execution state must not leak between runs).
		const executionId = `exec-${++executionCounter}`;
		const hooks = new ExecutionLifecycleHooks('manual', executionId, {
			id: 'engine-test',
			name: 'engine test',
			nodes: [node],
			connections: {},
			active: false,
			activeVersionId: null,
			isArchived: false,
			createdAt: new Date(),
			updatedAt: new Date(),
		});
		let finished: (run: IRun) => void = () => {};
		const done = new Promise<IRun>((resolve) => (finished = resolve));
		hooks.addHandler('workflowExecuteAfter', (run) => finished(run));

		const additionalData = {
			...baseAdditionalData(this.credentialsHelper),
			hooks,
			executionId,
			executeWorkflow: async () => ({ data: [], executionId: '' }),
			getRunExecutionData: async () => undefined,
			logAiEvent: () => {},
			startRunnerTask: async () => ({ ok: false }),
			setExecutionStatus: () => {},
			sendDataToUI: () => {},
		} as unknown as IWorkflowExecuteAdditionalData;

		const items: INodeExecutionData[] = (inputItems as Array<IDataObject | INodeExecutionData>).map(
			(item) => ('json' in item && typeof item.json === 'object' ? (item as INodeExecutionData) : { json: item as IDataObject }),
		);
		const runExecutionData: IRunExecutionData = {
			version: 1,
			startData: {},
			resultData: { runData: {} },
			executionData: {
				contextData: {},
				metadata: {},
				nodeExecutionStack: [{ node, data: { main: [items] }, source: null }],
				waitingExecution: {},
				waitingExecutionSource: {},
			},
		} as unknown as IRunExecutionData;

		const execute = new WorkflowExecute(additionalData, 'manual', runExecutionData);
		const running = execute.processRunExecutionData(workflow);
		onStart?.(() => running.cancel());
		await running;
		const run = await done;
		const taskData = run.data.resultData.runData[node.name]?.at(-1);
		return {
			items: taskData?.data?.main?.[0] ?? [],
			errorItems: taskData?.data?.main?.[1] ?? [],
			error: (taskData?.error ?? run.data.resultData.error) as RunResult['error'],
			run,
		};
	}

	get registeredTypes(): string[] {
		return Object.keys(this.types);
	}
}
