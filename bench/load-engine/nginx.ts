/**
 * A private nginx for the bench: one worker, loopback only, no logs, answering GET / with
 * a small JSON body. A target much cheaper than a Node server, so the generator (not the
 * target) is what runs out of CPU. Lives in a temp dir and is stopped with the bench.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { freePort } from '../../runbooks/lib/benchmark/cold-start';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function nginxPath(): string | undefined {
  const r = spawnSync('sh', ['-c', 'command -v nginx || ls /usr/sbin/nginx 2>/dev/null'], {
    encoding: 'utf8',
  });
  return r.status === 0 ? r.stdout.trim().split('\n')[0] || undefined : undefined;
}

/** Starts nginx (pinned by `pin`) and resolves once it answers; `stop()` kills it and removes its dir. */
export async function startNginx(
  bin: string,
  pin: (cmd: string[]) => string[],
): Promise<{ url: string; stop(): void; child: ChildProcess }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-nginx-'));
  mkdirSync(join(dir, 'logs'));
  const port = await freePort();
  writeFileSync(
    join(dir, 'nginx.conf'),
    `worker_processes 1;
daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log crit;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 10000000;
  keepalive_timeout 120s;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    location / { default_type application/json; return 200 '{"ok":true}'; }
  }
}
`,
  );
  const cmd = pin([bin, '-p', dir, '-c', join(dir, 'nginx.conf')]);
  const child = spawn(cmd[0]!, cmd.slice(1), { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 50; i++) {
    try {
      const r = await fetch(url);
      if (r.ok) return { url, stop, child };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  stop();
  throw new Error('nginx did not start within 5 s');
}
