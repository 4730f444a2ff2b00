import type { ConnectionStatus } from '@/lib/view/connection';
import type { RowModel } from '@/lib/view/row-model';
import type { ViewState } from '@/lib/view/view-state';
import { EmptyState } from './EmptyState';
import { SwimlaneView } from './SwimlaneView';
import { TimelineTable } from './TimelineTable';

type SwimlaneProps = Omit<Parameters<typeof SwimlaneView>[0], 'model'>;

interface DashboardBodyProps {
  view: ViewState;
  model: RowModel;
  status: ConnectionStatus | 'static';
  forbidden: string | null;
  /** Why the cluster has not listed yet (unreachable API server, refused credentials), or null. */
  unsynced: string | null;
  /** The cluster the page watches, as the stream's hello names it. */
  cluster: string | null;
  podCount: number;
  swimlanes: SwimlaneProps;
  onSelect(uid: string): void;
}

const code = 'rounded bg-slate-100 px-1 font-mono text-[12px] dark:bg-slate-800';

/** The lanes or the table, or the empty and error states that say what to do. */
export function DashboardBody({
  view,
  model,
  status,
  forbidden,
  unsynced,
  cluster,
  podCount,
  swimlanes,
  onSelect,
}: DashboardBodyProps) {
  const permission = (
    <p>
      drainscope needs <code className={code}>get</code>, <code className={code}>list</code> and{' '}
      <code className={code}>watch</code> on pods, events and endpointslices (apiGroup discovery.k8s.io).
    </p>
  );
  if (forbidden && podCount === 0) {
    return (
      <EmptyState title="The Kubernetes API refused a watch (RBAC)" tone="error" testId="rbac-error">
        <p className="font-mono text-[12.5px]">{forbidden}</p>
        {permission}
      </EmptyState>
    );
  }
  if (status === 'unreachable' && podCount === 0) {
    return (
      <EmptyState title="The drainscope API is unreachable" tone="error" testId="api-unreachable">
        <p>
          The page could not open <code className={code}>/api/stream</code>. Is the server running? It retries on its
          own.
        </p>
      </EmptyState>
    );
  }
  if (unsynced && podCount === 0) {
    return (
      <EmptyState
        title="drainscope cannot list from the Kubernetes API server"
        tone="error"
        testId="cluster-unreachable"
      >
        <p>
          No list from {cluster ? <code className={code}>{cluster}</code> : 'the cluster'} has succeeded yet; drainscope
          keeps retrying on its own. The last attempt said:
        </p>
        <p className="font-mono text-[12.5px]">{unsynced}</p>
        <p>
          Check the kubeconfig context (<code className={code}>kubectl config current-context</code>) and that{' '}
          <code className={code}>kubectl get pods</code> works from where drainscope runs.
        </p>
      </EmptyState>
    );
  }
  if (podCount === 0 && status === 'static') {
    return (
      <EmptyState title="No pods in this range" testId="empty-state">
        <p>Nothing was recorded for it. Pick a wider range on the History page.</p>
      </EmptyState>
    );
  }
  if (podCount === 0) {
    return (
      <EmptyState title={status === 'connecting' ? 'Connecting to the cluster…' : 'No pods yet'} testId="empty-state">
        <p>drainscope shows pods as the watches list them, and every termination from then on.</p>
        <p>
          To see a rollout, restart a Deployment: <code className={code}>kubectl rollout restart deployment/NAME</code>,
          or delete one pod: <code className={code}>kubectl delete pod NAME</code>.
        </p>
      </EmptyState>
    );
  }
  if (model.pods.length === 0) {
    return (
      <EmptyState title="No pod matches" testId="no-match">
        <p>
          {view.align && model.hiddenUndeleted > 0
            ? `None of the ${model.hiddenUndeleted} pods has been deleted yet, so none can be aligned on its deletion. Run kubectl rollout restart deployment/NAME to watch one terminate.`
            : 'Change the filters or the search.'}
        </p>
      </EmptyState>
    );
  }
  const rbacBanner = forbidden && (
    // Pods still arrive when only events or endpointslices are refused: show them, with what they lack.
    <div
      className="space-y-1 border-b border-[#D55E00] bg-orange-50 px-4 py-2 text-[12.5px] dark:bg-orange-950"
      role="alert"
      data-testid="rbac-error"
    >
      <p className="font-semibold">The Kubernetes API refused a watch (RBAC): these lanes miss what it would show.</p>
      <p className="font-mono">{forbidden}</p>
      {permission}
    </div>
  );
  if (view.view === 'table') {
    return (
      <>
        {rbacBanner}
        <TimelineTable rows={model.pods} selectedUid={view.selected} onSelect={onSelect} />
      </>
    );
  }
  // A hint for a live view only: a reviewed range is what it is.
  const nothingTerminating = status !== 'static' && model.pods.every((row) => !row.terminating);
  return (
    <>
      {rbacBanner}
      {nothingTerminating && (
        <p
          className="border-b border-slate-200 bg-sky-50 px-4 py-1.5 text-[12.5px] dark:border-slate-700 dark:bg-sky-950"
          data-testid="nothing-terminating"
        >
          Nothing is terminating yet. Start a rollout to see one:{' '}
          <code className={code}>kubectl rollout restart deployment/NAME</code>
        </p>
      )}
      <SwimlaneView model={model} {...swimlanes} />
    </>
  );
}
