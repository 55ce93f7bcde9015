import type { App, IPolicyValidationContext, PolicyValidationPluginReport, StageSynthesisOptions } from 'aws-cdk-lib';
import { CloudFormationValidatePlugin, Stage } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { UNKNOWN_ACCOUNT, UNKNOWN_REGION } from 'aws-cdk-lib/cx-api';
import { join } from 'node:path';
import type { MessagePort } from 'node:worker_threads';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

/** What CDK hands a validation plugin, less the construct tree (the validator reads only templates). */
type ValidationRequest = Omit<IPolicyValidationContext, 'appConstruct'>;

/** What the worker answers to one request: the validator's report, or why it could not make one. */
type WorkerReply =
  { readonly report: PolicyValidationPluginReport; readonly version: string; readonly ruleIds: string[] } | { readonly error: string };

/** Far above any real validation (seconds), so that only a hung worker ever reaches it. */
const REPLY_TIMEOUT_MS = 10 * 60 * 1000;

export interface BackgroundCloudFormationValidationProps {
  /**
   * A folder that keeps each template's report between runs: a template whose content and
   * settings are unchanged is not validated again, and the validator's engine (about three
   * seconds to build) is built only when some template is new or changed. Without it, every run
   * validates every template.
   */
  readonly reportCache?: string;
  /** The app's output folder: reports are kept by the template's path inside it. */
  readonly outdir?: string;
}

/**
 * CDK's own CloudFormation validator (the same class, rules and settings as the built-in one),
 * run on a worker thread that starts with the app, so that building its engine (it compiles every
 * resource schema, about three seconds) and validating overlap the main thread's work instead of
 * following it. Registered on the App, it
 * replaces the built-in instance (CDK checks `instanceof CloudFormationValidatePlugin`), so its
 * findings are reported, downgraded and acknowledged exactly as the built-in one's.
 *
 * CDK calls `validate` once, synchronously, after every stage is synthesized; the main thread
 * blocks on a shared flag until the worker has answered through a message port. With
 * `validateStagesAsSynthesized(app)` the worker starts on each stage's templates as soon as they
 * are written, and keeps the reports for that call.
 */
export class BackgroundCloudFormationValidation extends CloudFormationValidatePlugin {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly answered = new Int32Array(new SharedArrayBuffer(4));
  private validatorVersion?: string;
  private validatorRuleIds?: string[];

  private readonly outdir?: string;

  constructor(props: BackgroundCloudFormationValidationProps = {}) {
    super();
    this.outdir = props.outdir;
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(join(__dirname, 'cloudformation-validation-worker.js'), {
      workerData: { port: port2, answered: this.answered, awsCdkLib: require.resolve('aws-cdk-lib'), reportCache: props.reportCache },
      transferList: [port2],
    });
    // Neither may keep the process alive: the CDK app synthesizes when the event loop empties.
    this.worker.unref();
    this.port.unref();
  }

  /** The validator's version, as the worker reported it (read here, it would load the engine on the main thread). */
  override get version(): string | undefined {
    return this.validatorVersion;
  }

  override get ruleIds(): string[] | undefined {
    return this.validatorRuleIds;
  }

  /**
   * Starts validating each stage's templates as soon as the stage is synthesized, while the main
   * thread goes on with the next stage (and then cdk-nag). The final `validate` reuses those
   * reports; its result is the same as without this.
   */
  validateStagesAsSynthesized(app: App): void {
    for (const stage of app.node.children.filter(Stage.isStage)) {
      const synth = stage.synth.bind(stage);
      stage.synth = (options?: StageSynthesisOptions) => {
        const assembly = synth(options);
        this.port.postMessage({ prevalidate: { ...validationRequest(assembly), outdir: this.outdir } });
        return assembly;
      };
    }
  }

  override validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    // The construct tree stays here: the validator reads only the templates.
    const { stackTemplates, templatePaths, accountId, region } = context;
    const reply = this.ask({ validate: { stackTemplates, templatePaths, accountId, region, outdir: this.outdir } });
    if ('error' in reply) throw new Error(`CloudFormation validation failed on its worker thread:\n${reply.error}`);
    this.validatorVersion = reply.version;
    this.validatorRuleIds = reply.ruleIds;
    return reply.report;
  }

  /** Stops the worker (the process exits without it; tests that build several apps call this). */
  dispose(): void {
    void this.worker.terminate();
    this.port.close();
  }

  private ask(request: { validate: ValidationRequest & { outdir?: string } }): WorkerReply {
    Atomics.store(this.answered, 0, 0);
    this.port.postMessage(request);
    if (Atomics.wait(this.answered, 0, 0, REPLY_TIMEOUT_MS) === 'timed-out')
      throw new Error(`CloudFormation validation did not answer within ${REPLY_TIMEOUT_MS / 60_000} minutes`);
    const reply = receiveMessageOnPort(this.port);
    if (!reply) throw new Error('CloudFormation validation signalled an answer but sent none');
    return reply.message as WorkerReply;
  }
}

/** The request CDK would make for a stage's stacks (as `doInvokeValidationPlugins` builds it). */
function validationRequest(assembly: CloudAssembly): ValidationRequest {
  const stackTemplates = assembly.stacksRecursively.map((stack) => ({
    stackConstructPath: stack.hierarchicalId,
    templatePath: stack.templateFullPath,
    accountId: stack.environment.account !== UNKNOWN_ACCOUNT ? stack.environment.account : undefined,
    region: stack.environment.region !== UNKNOWN_REGION ? stack.environment.region : undefined,
  }));
  return { stackTemplates, templatePaths: stackTemplates.map((stack) => stack.templatePath) };
}
