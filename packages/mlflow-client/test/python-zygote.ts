/**
 * A warm Python for the read-back checks: one process per MLflow venv, started by the global
 * setup, imports MLflow once and forks a child per snippet (a "zygote").
 *
 * Why: importing MLflow costs 2–3 s of CPU, which on a loaded 2-core machine (load 20) is
 * 20–40 s of wall time; a fresh `python -c` per check spent most of a test's budget before the
 * check ran, and the check timed out (issue 19). Forked from the warm process, a snippet starts
 * with MLflow already imported; each child is a separate process (its own environment,
 * arguments, working directory and module state), as a fresh interpreter would be.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Loaded once by the zygote; the children fork with these imported.
const ZYGOTE = `
import io, json, os, signal, socket, sys, traceback, warnings
warnings.simplefilter("ignore")
import mlflow, mlflow.models, mlflow.tracking
from mlflow.tracking import MlflowClient
from mlflow.models import Model
path, parent = sys.argv[1], os.getppid()
signal.signal(signal.SIGCHLD, signal.SIG_IGN)
server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind(path)
server.listen(16)
server.settimeout(1.0)
print("zygote ready", flush=True)
while True:
    # Exit with the test run: the parent that started this process is gone.
    if os.getppid() != parent:
        sys.exit(0)
    try:
        conn, _ = server.accept()
    except socket.timeout:
        continue
    if os.fork():
        conn.close()
        continue
    server.close()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    # The child must not hold the zygote's pipes to the test run open (its output is captured).
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    conn.settimeout(None)
    data = b""
    while not data.endswith(b"\\n"):
        chunk = conn.recv(1 << 16)
        if not chunk:
            break
        data += chunk
    request = json.loads(data)
    out, err, status = io.StringIO(), io.StringIO(), 0
    try:
        os.chdir(request["cwd"])
        os.environ.update(request["env"])
        sys.argv = ["-c", *request["args"]]
        sys.stdout, sys.stderr = out, err
        exec(compile(request["code"], "<snippet>", "exec"), {"__name__": "__main__"})
    except SystemExit as e:
        status = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except BaseException:
        status = 1
        err.write(traceback.format_exc())
    finally:
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    conn.sendall(json.dumps({"status": status, "stdout": out.getvalue(), "stderr": err.getvalue()}).encode())
    conn.close()
    os._exit(0)
`;

/** A running zygote: where to send snippets, and how to stop it. */
export interface PythonZygote {
  /** The Unix socket it listens on. */
  readonly socket: string;
  stop(): Promise<void>;
}

/** What a snippet printed and how it ended. */
export interface SnippetResult {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * Starts a zygote of `python` (a venv's interpreter with MLflow) and resolves once it says it is
 * ready (after its imports, however long they take), or rejects if it exits first.
 */
export function startPythonZygote(python: string): Promise<PythonZygote> {
  const dir = mkdtempSync(join(tmpdir(), 'msr-pyz-'));
  const socket = join(dir, 'zygote.sock');
  // Its own process group, so stopping it stops any child still running a snippet.
  const child = spawn(python, ['-c', ZYGOTE, socket], { env: { ...process.env, PYTHONWARNINGS: 'ignore' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
    }
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer): void => {
      output += d.toString();
      if (/^zygote ready$/m.test(output)) {
        child.stdout.off('data', onData);
        child.stdout.resume();
        resolve({ socket, stop });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    void exited.then(() => reject(new Error(`the Python zygote of ${python} exited before it was ready:\n${output.slice(-3000)}`)));
  });
}

/** Runs `code` in a child forked from the zygote at `socket`. */
export function runInZygote(socket: string, request: { code: string; env: Record<string, string>; args: readonly string[]; cwd: string }): Promise<SnippetResult> {
  return new Promise((resolve, reject) => {
    const conn = connect(socket);
    const chunks: Buffer[] = [];
    conn.on('data', (d: Buffer) => chunks.push(d));
    conn.on('error', reject);
    conn.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as SnippetResult);
      } catch {
        reject(new Error(`the Python zygote at ${socket} answered no result (its child died?): ${Buffer.concat(chunks).toString('utf8').slice(-2000)}`));
      }
    });
    conn.write(`${JSON.stringify({ ...request, args: [...request.args] })}\n`);
  });
}
