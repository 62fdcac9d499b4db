import { describe, expect, it } from 'vitest';
import { WorkerMetrics } from './worker-metrics.js';

describe('WorkerMetrics', () => {
  it('times each job from its start to its end, by queue and outcome, and counts stalled jobs', async () => {
    let now = 1_000;
    const metrics = new WorkerMetrics({ queueCounts: async () => ({ 'msr-stages': { waiting: 3, active: 1 } }) }, () => now);
    metrics.observe({ type: 'job-start', queue: 'msr-stages', jobId: 'a', name: 'model_trainer', attempt: 1 });
    now += 2_500;
    metrics.observe({ type: 'job-failed', queue: 'msr-stages', jobId: 'a', name: 'model_trainer', error: 'boom', willRetry: true });
    metrics.observe({ type: 'job-start', queue: 'msr-stages', jobId: 'a', name: 'model_trainer', attempt: 2 });
    now += 500;
    metrics.observe({ type: 'job-done', queue: 'msr-stages', jobId: 'a', name: 'model_trainer', status: 'done' });
    metrics.observe({ type: 'job-failed', queue: 'msr-runs', jobId: 'r', name: 'run', error: 'lost', willRetry: false });
    metrics.stalled('msr-stages');
    const text = await metrics.render();
    expect(text).toContain('msr_worker_jobs_total{queue="msr-stages",outcome="retried"} 1');
    expect(text).toContain('msr_worker_jobs_total{queue="msr-stages",outcome="done"} 1');
    expect(text).toContain('msr_worker_jobs_total{queue="msr-runs",outcome="failed"} 1');
    expect(text).toContain('msr_worker_job_duration_seconds_sum{queue="msr-stages",outcome="retried"} 2.5');
    expect(text).toContain('msr_worker_job_duration_seconds_sum{queue="msr-stages",outcome="done"} 0.5');
    // A job whose start this worker did not see is counted, not timed.
    expect(text).not.toContain('msr_worker_job_duration_seconds_count{queue="msr-runs"');
    expect(text).toContain('msr_worker_stalled_jobs_total{queue="msr-stages"} 1');
    expect(text).toContain('msr_worker_queue_jobs{queue="msr-stages",state="waiting"} 3');
  });
});
