using System.Diagnostics;
using System.Globalization;
using Party.ServiceDefaults;

namespace Party.Bench;

/// <summary>
/// Debian's nginx as a reverse proxy in front of one service: the peer the gateway is compared with (what proxying
/// alone costs on this machine). It runs with its own prefix, pid file, logs and temp directories under
/// <c>{state dir}/nginx</c>, and a keep-alive upstream pool as a production nginx would have.
/// </summary>
public static class NginxPeer
{
    /// <summary>
    /// Writes the configuration for <paramref name="upstream"/> (http://host:port of the service) and starts nginx on a
    /// free local port; returns once it answers. Disposing the peer stops nginx and its workers (SIGQUIT, nginx's
    /// graceful stop: the master waits for its workers, so none is left behind).
    /// </summary>
    public static async Task<PeerProcess> StartAsync(string nginx, string stateDir, string upstream, TextWriter log, CancellationToken ct)
    {
        var target = new Uri(upstream);
        var prefix = Path.GetFullPath(Path.Combine(stateDir, "nginx"));
        Directory.CreateDirectory(Path.Combine(prefix, "temp"));
        StopLeftover(prefix, log);
        var port = FreePorts.Next();
        var config = Path.Combine(prefix, "nginx.conf");
        await File.WriteAllTextAsync(config, Config(prefix, port, target), ct);

        var info = new ProcessStartInfo(nginx)
        {
            // -e: the error log from the first line on (otherwise nginx opens the package's /var/log/nginx/error.log).
            ArgumentList = { "-p", prefix + "/", "-c", config, "-e", Path.Combine(prefix, "error.log") },
        };
        var peer = await PeerProcess.StartAsync("nginx", info, port, PeerProcess.SigQuit,
            $"see {Path.Combine(prefix, "error.log")}; ./party bench installs Debian's nginx, or pass --nginx PATH.", log, ct);
        log.WriteLine($"  nginx {peer.Pid} on {peer.BaseUrl} → {target.Authority} (config {config})");
        return peer;
    }

    /// <summary>
    /// One worker per core, as Debian's default; no access log (the services write none either); the upstream keeps up
    /// to 64 idle connections open, which is what makes nginx cheap in front of a service.
    /// </summary>
    private static string Config(string prefix, int port, Uri target) => string.Create(CultureInfo.InvariantCulture, $$"""
        # Written by Party.Bench for the gateway scenario; rewritten on every run.
        daemon off;
        master_process on;
        worker_processes auto;
        pid {{prefix}}/nginx.pid;
        error_log {{prefix}}/error.log warn;

        events {
            worker_connections 1024;
        }

        http {
            access_log off;
            client_body_temp_path {{prefix}}/temp/client_body;
            proxy_temp_path {{prefix}}/temp/proxy;
            fastcgi_temp_path {{prefix}}/temp/fastcgi;
            uwsgi_temp_path {{prefix}}/temp/uwsgi;
            scgi_temp_path {{prefix}}/temp/scgi;

            upstream service {
                server {{target.Host}}:{{target.Port}};
                keepalive 64;
            }

            server {
                listen 127.0.0.1:{{port}};
                keepalive_requests 100000;

                location / {
                    proxy_pass http://service;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                    proxy_set_header Host $http_host;
                    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                    proxy_set_header X-Forwarded-Proto $scheme;
                }
            }
        }
        """);

    /// <summary>An nginx of an earlier bench that was killed before it could stop its peer (its pid file is still there).</summary>
    private static void StopLeftover(string prefix, TextWriter log)
    {
        var pidFile = Path.Combine(prefix, "nginx.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid)) return;
        var cmdline = $"/proc/{pid}/cmdline";
        if (File.Exists(cmdline) && File.ReadAllText(cmdline).Contains(prefix, StringComparison.Ordinal))
        {
            log.WriteLine($"  stopping nginx {pid} left by an earlier run");
            _ = PeerProcess.Kill(pid, PeerProcess.SigTerm);
            for (var i = 0; i < 100 && File.Exists(cmdline); i++) Thread.Sleep(50);
        }
        File.Delete(pidFile);
    }
}
