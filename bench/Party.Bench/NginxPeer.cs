using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Party.ServiceDefaults;

namespace Party.Bench;

/// <summary>
/// Debian's nginx as a reverse proxy in front of one service: the peer the gateway is compared with (what proxying
/// alone costs on this machine). It runs as a child of the bench — not a daemon — with its own prefix, pid file, logs
/// and temp directories under <c>{state dir}/nginx</c>, and a keep-alive upstream pool as a production nginx would
/// have. Disposing it stops nginx and its workers.
/// </summary>
public sealed class NginxPeer : IAsyncDisposable
{
    private readonly Process _process;

    private NginxPeer(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    /// <summary>The master process (its workers are its children).</summary>
    public int Pid => _process.Id;

    /// <summary>Where nginx listens (http://127.0.0.1:port).</summary>
    public string BaseUrl { get; }

    /// <summary>
    /// Writes the configuration for <paramref name="upstream"/> (http://host:port of the service) and starts nginx on a
    /// free local port; returns once it answers.
    /// </summary>
    public static async Task<NginxPeer> StartAsync(string nginx, string stateDir, string upstream, TextWriter log, CancellationToken ct)
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
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new BenchSetupException($"{nginx} did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new BenchSetupException(
                $"nginx, the peer proxy, cannot be started ({nginx}: {e.Message}): " +
                "./party bench installs Debian's nginx, or pass --nginx PATH.");
        }
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) log.WriteLine($"  nginx: {line}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var peer = new NginxPeer(process, $"http://127.0.0.1:{port}");
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new BenchSetupException($"nginx exited with {process.ExitCode} at start: see {Path.Combine(prefix, "error.log")}.");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, ct);
                break;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(50, ct);
            }
            catch (SocketException)
            {
                await peer.DisposeAsync();
                throw new BenchSetupException($"nginx did not listen on {port} within 10 s: see {Path.Combine(prefix, "error.log")}.");
            }
        }
        log.WriteLine($"  nginx {process.Id} on {peer.BaseUrl} → {target.Authority} (config {config})");
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

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGQUIT is nginx's graceful stop: the master waits for its workers, so none is left behind.
            _ = Kill(_process.Id, SigQuit);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _ = Kill(_process.Id, SigTerm);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }
        _process.Dispose();
    }

    /// <summary>An nginx of an earlier bench that was killed before it could stop its peer (its pid file is still there).</summary>
    private static void StopLeftover(string prefix, TextWriter log)
    {
        var pidFile = Path.Combine(prefix, "nginx.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid)) return;
        var cmdline = $"/proc/{pid}/cmdline";
        if (File.Exists(cmdline) && File.ReadAllText(cmdline).Contains(prefix, StringComparison.Ordinal))
        {
            log.WriteLine($"  stopping nginx {pid} left by an earlier run");
            _ = Kill(pid, SigTerm);
            for (var i = 0; i < 100 && File.Exists(cmdline); i++) Thread.Sleep(50);
        }
        File.Delete(pidFile);
    }

    private const int SigTerm = 15;
    private const int SigQuit = 3;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
