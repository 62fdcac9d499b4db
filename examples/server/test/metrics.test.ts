import { describe, expect, it } from 'vitest';
import { ADMIN, Client, testApps } from './support/test-app.js';

const app = testApps();
const TOKEN = 'scrape-token-0123456789';

describe('/metrics (Prometheus)', () => {
  it('is off by default', async () => {
    const t = await app();
    expect((await t.app.request('/metrics')).status).toBe(404);
  });

  it('needs the scrape token, and reports requests by route, recommendations, login failures, rate limits, jobs and the model', async () => {
    const t = await app({ config: { metrics: { enabled: true, token: TOKEN }, rateLimits: { recommendPerMinute: 1 } } });
    expect((await t.app.request('/metrics')).status).toBe(401);
    expect((await t.app.request('/metrics', { headers: { authorization: 'Bearer wrong-token-000000000' } })).status).toBe(401);

    const user = new Client(t.app);
    await user.signUp('ada');
    expect((await user.login('ada', 'Wrong-pass1')).status).toBe(401);
    expect((await user.json('/api/recommend', { playlist: { index: 1 }, count: 3 })).status).toBe(200);
    expect((await user.json('/api/recommend', { playlist: { index: 1 }, count: 3 })).status).toBe(429);
    const admin = new Client(t.app);
    await admin.login(ADMIN.username, ADMIN.password);
    await admin.json('/api/admin/retrain', {});
    await t.retrain.idle();
    await admin.request('/api/admin/retrain/00000000-0000-4000-8000-000000000000');

    const res = await t.app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await res.text();
    expect(text).toMatch(/msr_http_request_duration_seconds_count\{method="POST",route="\/api\/recommend",status="200"\} 1/);
    expect(text).toMatch(/msr_http_request_duration_seconds_count\{method="GET",route="\/api\/admin\/retrain\/:id",status="404"\} 1/);
    expect(text).toMatch(/msr_recommendations_total\{genre="[a-z]+",strategy="mixture"\} 1/);
    expect(text).toContain('msr_login_failures_total{reason="wrong-password"} 1');
    expect(text).toContain('msr_rate_limit_rejections_total{limit="recommend"} 1');
    expect(text).toMatch(/msr_jobs_total\{kind="retrain",outcome="succeeded"\} 1/);
    expect(text).toMatch(/msr_job_duration_seconds_count\{kind="retrain",outcome="succeeded"\} 1/);
    expect(text).toContain(`msr_model_info{version="${t.modelStore.current()!.info.version}"} 1`);
    expect(text).toContain('msr_jobs_running 0');
  });
});
