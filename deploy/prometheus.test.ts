/**
 * deploy/prometheus (kubectl apply -k deploy/prometheus): the metrics port, the ServiceMonitor that scrapes it, and
 * the PrometheusRule's alerts, checked by the real promtool (Debian's prometheus package, installed when missing):
 * `promtool check rules` on its groups, and `promtool test rules` with series that must and must not fire them.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dump } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePrometheus, PROMTOOL } from '../server/metrics/testing/install-prometheus';
import { ruleGroups, writeRulesFile } from '../server/metrics/testing/prometheus';
import { deploymentSpec, mainContainer, one, render } from './testing/render';

const overlay = render('prometheus');
let dir: string;

beforeAll(() => {
  ensurePrometheus();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drainscope-promtool-'));
}, 20 * 60_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function promtool(args: string[]): string {
  try {
    return execFileSync(PROMTOOL, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    throw new Error(`promtool ${args.join(' ')} failed:\n${failed.stdout ?? ''}${failed.stderr ?? ''}`);
  }
}

describe('deploy/prometheus', () => {
  it('serves /metrics on a port of its own, named on the pod and the Service, while the dashboard stays on loopback', () => {
    const container = mainContainer(overlay);
    expect(container.env).toEqual(
      expect.arrayContaining([
        { name: 'DRAINSCOPE_METRICS_PORT', value: '9464' },
        { name: 'DRAINSCOPE_HOST', value: '127.0.0.1' },
      ]),
    );
    expect(container.ports).toEqual(expect.arrayContaining([{ name: 'metrics', containerPort: 9464 }]));
    const service = one(overlay, 'Service').spec as {
      ports: { name: string; targetPort: string }[];
      selector: Record<string, string>;
    };
    expect(service.ports).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'metrics', targetPort: 'metrics' })]),
    );
    expect(deploymentSpec(overlay).replicas).toBe(1);
  });

  it("has a ServiceMonitor that selects the Service, scrapes its metrics port and keeps drainscope's namespace label", () => {
    const monitor = one(overlay, 'ServiceMonitor');
    const spec = monitor.spec as {
      selector: { matchLabels: Record<string, string> };
      endpoints: { port: string; path: string; honorLabels: boolean }[];
    };
    const service = one(overlay, 'Service');
    for (const [key, value] of Object.entries(spec.selector.matchLabels))
      expect(service.metadata.labels?.[key]).toBe(value);
    expect(spec.endpoints).toEqual([expect.objectContaining({ port: 'metrics', path: '/metrics', honorLabels: true })]);
    expect(monitor.metadata.namespace).toBe(service.metadata.namespace);
  });

  it("has the two alerts, each with a runbook pointing at the dashboard's history", () => {
    const rules = ruleGroups().flatMap((group) => group.rules);
    expect(rules.map((rule) => rule.alert)).toEqual(['DrainscopeRolloutDroppedTraffic', 'DrainscopeBlind']);
    for (const rule of rules) {
      const annotations = rule.annotations as Record<string, string>;
      expect(annotations.runbook_url).toMatch(/\/history$/);
      expect(annotations.runbook).toContain('/history');
    }
    expect(one(overlay, 'PrometheusRule').metadata.namespace).toBe('drainscope');
  });

  it('passes promtool check rules', () => {
    const out = promtool(['check', 'rules', writeRulesFile(dir)]);
    expect(out).toContain('SUCCESS: 2 rules found');
  });

  /** The rule's annotations as Prometheus renders them for these labels and value (the templates used there). */
  function annotationsOf(alert: string, labels: Record<string, string>, value: string): Record<string, string> {
    const rule = ruleGroups()
      .flatMap((group) => group.rules)
      .find((candidate) => candidate.alert === alert);
    const rendered: Record<string, string> = {};
    for (const [key, template] of Object.entries((rule?.annotations ?? {}) as Record<string, string>)) {
      rendered[key] = template
        .replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, name: string) => labels[name] ?? '')
        .replace(/\{\{ \$value \| humanize(Duration)? \}\}/g, value);
    }
    return rendered;
  }

  it('fires the rollout alert for a critical gap in the last 15 minutes only, and the blind alert after 5 blind minutes only', () => {
    const rules = writeRulesFile(dir);
    const web = 'namespace="shop",workload_kind="Deployment",workload="web"';
    const dropped = { namespace: 'shop', workload_kind: 'Deployment', workload: 'web', kind: 'killedAtDeadline' };
    const tests = {
      rule_files: [rules],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: [
            // A critical gap at minute 3; none ever for the api workload; a warning gap is not a dropped rollout.
            {
              series: `drainscope_termination_gaps_total{${web},kind="killedAtDeadline",severity="critical"}`,
              values: '0 0 0 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1',
            },
            {
              series:
                'drainscope_termination_gaps_total{namespace="shop",workload_kind="Deployment",workload="api",kind="exitWhileRouted",severity="critical"}',
              values: '0x25',
            },
            {
              series: `drainscope_termination_gaps_total{${web},kind="sigtermWhileRouted",severity="warning"}`,
              values: '0 1 2 3 4 5 6 7 8 9 10',
            },
            // pods blind from minute 2 on (60 s a minute); endpointslices never.
            { series: 'drainscope_watch_blind_seconds{resource="pods"}', values: '0 0 0 60 120 180 240 300 360 420' },
            { series: 'drainscope_watch_blind_seconds{resource="endpointslices"}', values: '0x10' },
          ],
          alert_rule_test: [
            { eval_time: '2m', alertname: 'DrainscopeRolloutDroppedTraffic', exp_alerts: [] },
            {
              eval_time: '5m',
              alertname: 'DrainscopeRolloutDroppedTraffic',
              exp_alerts: [
                {
                  exp_labels: { severity: 'warning', ...dropped },
                  exp_annotations: annotationsOf('DrainscopeRolloutDroppedTraffic', dropped, '1'),
                },
              ],
            },
            { eval_time: '24m', alertname: 'DrainscopeRolloutDroppedTraffic', exp_alerts: [] },
            { eval_time: '7m', alertname: 'DrainscopeBlind', exp_alerts: [] },
            {
              eval_time: '8m',
              alertname: 'DrainscopeBlind',
              exp_alerts: [
                {
                  exp_labels: { severity: 'warning', resource: 'pods' },
                  exp_annotations: annotationsOf('DrainscopeBlind', { resource: 'pods' }, '6m 0s'),
                },
              ],
            },
          ],
        },
      ],
    };
    const file = path.join(dir, 'drainscope.rules.test.yaml');
    fs.writeFileSync(file, dump(tests));
    expect(promtool(['test', 'rules', file])).toContain('SUCCESS');
  });
});
