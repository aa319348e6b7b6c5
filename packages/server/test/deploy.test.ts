/**
 * The container definition and the Kubernetes manifests (validated, not built: no container engine runs here):
 * every manifest is checked against the Kubernetes schemas (kubernetes-models), and the probes, ports, image name,
 * configuration and shard arguments agree with the server.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigMap, Secret, Service } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_PORT, VERSION } from '../src/index.js';
import { parseServeConfig } from '../src/config/schema.js';
import pkg from '../package.json' with { type: 'json' };
import { startServer, stopAll } from './server-helpers.js';

const deploy = new URL('../deploy/', import.meta.url).pathname;
const k8s = join(deploy, 'kubernetes');
const models: Record<string, new (o: never) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap as never,
  'v1/Secret': Secret as never,
  'v1/Service': Service as never,
  'apps/v1/Deployment': Deployment as never,
  'batch/v1/Job': Job as never,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler as never,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy as never,
};
type Obj = { apiVersion: string; kind: string; metadata: { name: string }; [k: string]: unknown };
const manifests: Obj[] = readdirSync(k8s)
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) => parseAllDocuments(readFileSync(join(k8s, f), 'utf8')).map((d) => d.toJS() as Obj));
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifests are checked field by field below
const byKind = (kind: string): any[] => manifests.filter((m) => m.kind === kind);
const deployment = byKind('Deployment')[0];
const job = byKind('Job')[0];
const container = deployment.spec.template.spec.containers[0];

afterAll(stopAll);

describe('Kubernetes manifests', () => {
  it('are all valid against the Kubernetes schemas', () => {
    expect(manifests.map((m) => m.kind).sort()).toEqual(['ConfigMap', 'Deployment', 'HorizontalPodAutoscaler', 'Job', 'NetworkPolicy', 'Secret', 'Service']);
    for (const m of manifests) {
      const Model = models[`${m.apiVersion}/${m.kind}`];
      expect(Model, `${m.apiVersion} ${m.kind}`).toBeDefined();
      expect(() => new Model!(m as never).validate(), `${m.kind} ${m.metadata.name}`).not.toThrow();
    }
    // and a broken one is refused (the validation is real)
    expect(() => new Deployment({ ...deployment, spec: { ...deployment.spec, replicas: 'two' } }).validate()).toThrow();
  });

  it('probe the server’s own probe paths on its port, which answer 200 once started', async () => {
    const port = container.ports.find((p: { name: string }) => p.name === 'http');
    expect(port.containerPort).toBe(DEFAULT_PORT);
    const probes = { startupProbe: '/startup', livenessProbe: '/health', readinessProbe: '/ready' };
    const s = await startServer();
    for (const [probe, path] of Object.entries(probes)) {
      expect(container[probe].httpGet, probe).toEqual({ path, port: 'http' });
      expect((await fetch(`${s.url}${path}`)).status, path).toBe(200);
    }
    expect(container.resources.requests).toBeDefined();
    expect(container.resources.limits).toBeDefined();
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(deployment.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(deployment.spec.template.spec.securityContext.runAsUser).toBeGreaterThan(0);
  });

  it('agree with each other: image, Service, HPA, NetworkPolicy, ConfigMap and Secret names', () => {
    const image = `rmf-sim/server:${VERSION}`;
    expect(container.image).toBe(image);
    expect(job.spec.template.spec.containers[0].image).toBe(image);
    const [service] = byKind('Service');
    expect(service!.spec.ports[0]).toMatchObject({ port: DEFAULT_PORT, targetPort: 'http' });
    expect(deployment.spec.template.metadata.labels).toMatchObject(service!.spec.selector);
    const [hpa] = byKind('HorizontalPodAutoscaler');
    expect(hpa!.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: deployment.metadata.name });
    const [policy] = byKind('NetworkPolicy');
    expect(policy!.spec.ingress[0]!.ports[0]!.port).toBe(DEFAULT_PORT);
    const secretName = container.envFrom[0].secretRef.name;
    expect(byKind('Secret')[0]!.metadata.name).toBe(secretName);
    expect(deployment.metadata.annotations ?? deployment.spec.template.metadata.annotations).toMatchObject({ 'prometheus.io/port': String(DEFAULT_PORT), 'prometheus.io/path': '/metrics' });
  });

  it('the ConfigMap holds a configuration the server accepts, mounted where the container reads it', () => {
    const [cm] = byKind('ConfigMap');
    const config = parseServeConfig(parseYaml(cm!.data['config.yaml']!), 'the ConfigMap');
    expect(config.port).toBe(DEFAULT_PORT);
    const mount = container.volumeMounts.find((v: { name: string }) => v.name === 'config');
    expect(deployment.spec.template.spec.volumes.find((v: { name: string }) => v.name === 'config').configMap.name).toBe(cm!.metadata.name);
    expect(container.args).toEqual(['serve', '--config', `${mount.mountPath}/config.yaml`]);
  });

  it('the backfill Job is Indexed and hands each pod its completion index as its shard of N', () => {
    expect(job.spec.completionMode).toBe('Indexed');
    const n = job.spec.completions;
    expect(job.spec.parallelism).toBe(n);
    const c = job.spec.template.spec.containers[0];
    const i = c.args.indexOf('--shard');
    expect(c.args[0]).toBe('backfill');
    expect(c.args[i + 1]).toBe(`$(JOB_COMPLETION_INDEX)/${n}`);
    expect(c.env.find((e: { name: string }) => e.name === 'JOB_COMPLETION_INDEX').valueFrom.fieldRef.fieldPath).toBe("metadata.annotations['batch.kubernetes.io/job-completion-index']");
  });
});

describe('container definition', () => {
  const text = readFileSync(join(deploy, 'Dockerfile'), 'utf8');
  const lines = text.split('\n').filter((l) => !l.startsWith('#'));
  it('is multi-stage, runs as a non-root user, exposes the server port and checks /health on it', () => {
    expect(lines.filter((l) => /^FROM /.test(l)).length).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(/COPY --from=build /);
    const user = lines.filter((l) => /^USER /.test(l)).at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER (root|0)\b/);
    expect(lines).toContain(`EXPOSE ${DEFAULT_PORT}`);
    expect(text).toMatch(new RegExp(`HEALTHCHECK [\\s\\S]*http://127\\.0\\.0\\.1:${DEFAULT_PORT}/health`));
  });
  it('starts the package’s bin with serve and the ConfigMap’s path', () => {
    expect(pkg.bin['rmf-sim']).toBe('./dist/cli.js');
    expect(text).toContain('ENTRYPOINT ["node", "/app/node_modules/@rmf-sim/server/dist/cli.js"]');
    expect(text).toContain(`CMD [${container.args.map((a: string) => JSON.stringify(a)).join(', ')}]`);
  });
});
