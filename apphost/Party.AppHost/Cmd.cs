using System.Diagnostics;
using System.Text;

namespace Party.AppHost;

/// <summary>Runs a short command to completion (initdb, pg_ctl, rabbitmqctl, chown, epmd).</summary>
internal static class Cmd
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Process, byte> Running = new();

    /// <summary>Kills commands still running (the process is exiting).</summary>
    public static void KillAll()
    {
        foreach (var p in Running.Keys)
        {
            try { p.Kill(entireProcessTree: true); } catch (Exception) { }
        }
    }

    public sealed record Result(int ExitCode, string Output)
    {
        public bool Ok => ExitCode == 0;
    }

    public static async Task<Result> RunAsync(string file, IEnumerable<string> args, IDictionary<string, string?>? env = null,
        TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var psi = new ProcessStartInfo(file)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = "/",
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env is not null)
            foreach (var (k, v) in env)
            {
                if (v is null) psi.Environment.Remove(k);
                else psi.Environment[k] = v;
            }

        var output = new StringBuilder();
        using var p = new Process { StartInfo = psi };
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.Start();
        Running[p] = 0;
        p.StandardInput.Close();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            lock (output) return new Result(-1, output + $"\n(timed out: {file} {string.Join(' ', psi.ArgumentList)})");
        }
        finally
        {
            Running.TryRemove(p, out _);
        }
        lock (output) return new Result(p.ExitCode, output.ToString());
    }

    public static async Task<Result> MustAsync(string file, IEnumerable<string> args, IDictionary<string, string?>? env = null,
        TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var list = args.ToList();
        var r = await RunAsync(file, list, env, timeout, ct);
        if (!r.Ok)
            throw new InvalidOperationException($"`{file} {string.Join(' ', list)}` failed with exit code {r.ExitCode}:\n{r.Output.TrimEnd()}");
        return r;
    }
}
