using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Party.AppHost;

/// <summary>What to run for one resource.</summary>
public sealed class ProcessSpec
{
    public required string FileName { get; init; }
    public IReadOnlyList<string> Arguments { get; init; } = [];
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables set for the child; a null value removes an inherited one.</summary>
    public IDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Inherited variables whose name matches are not passed on.</summary>
    public Func<string, bool>? DropInherited { get; init; }
}

/// <summary>
/// One supervised child process: output kept in a log file (and optionally echoed with a
/// <c>[name] </c> prefix), restarted with back-off (1 s, 2 s, 4 s … 30 s) on the same arguments
/// when it exits without being asked to, stopped with SIGTERM (or a custom stop) and SIGKILL after a grace period.
/// Children run in a session of their own (setsid), so a Ctrl+C in the terminal reaches only the app host,
/// which then stops them in order.
/// </summary>
public sealed class ManagedProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<ManagedProcess, byte> Live = new();
    private static readonly object ConsoleGate = new();
    private static int _exitHookInstalled;
    private static readonly string? Setsid = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);

    private readonly object _gate = new();
    private readonly ProcessSpec _spec;
    private readonly StreamWriter _log;
    private Process? _current;
    private int _generation;
    private bool _stopRequested = true;
    private CancellationTokenSource? _restartDelay;
    private DateTime _startedAt;
    private int _backoffStep;

    public ManagedProcess(string name, ProcessSpec spec, string logPath, bool echo)
    {
        Name = name;
        _spec = spec;
        LogPath = logPath;
        Echo = echo;
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        // a fresh log per app-host run; restarts within the run append to it
        var stream = new FileStream(logPath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        _log = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true };
        InstallExitHook();
    }

    public string Name { get; }
    public string LogPath { get; }
    public bool Echo { get; set; }
    public string? Url { get; set; }
    public int? Port { get; init; }
    public ResourceState State { get; internal set; } = ResourceState.NotStarted;
    public int Restarts { get; private set; }
    public bool RestartOnExit { get; init; } = true;
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Replaces SIGTERM as the polite way to stop (e.g. pg_ctl stop, rabbitmqctl stop).</summary>
    public Func<CancellationToken, Task>? GracefulStop { get; init; }

    /// <summary>Extra last-resort cleanup (processes our child left behind), run synchronously.</summary>
    public Action? EmergencyKill { get; init; }

    /// <summary>Called after every launch; the argument is true for a restart.</summary>
    public Action<ManagedProcess, bool>? Launched { get; set; }

    /// <summary>Written with the pid of each launch, so that a later app host can stop leftovers.</summary>
    public string? PidFile { get; init; }

    /// <summary>When set, a process from <see cref="PidFile"/> whose command line contains this is a leftover of ours.</summary>
    public string? StaleMarker { get; init; }

    public int? Pid
    {
        get
        {
            var p = _current;
            try { return p is { HasExited: false } ? p.Id : null; }
            catch (InvalidOperationException) { return null; }
        }
    }

    public bool IsRunning => Pid is not null;

    public ResourceStatus Status => new(Name, State, Url, Pid, Restarts);

    public void Start()
    {
        lock (_gate)
        {
            if (!_stopRequested && _current is { HasExited: false }) return;
            _stopRequested = false;
            _backoffStep = 0;
            StopStaleLeftover();
            Live[this] = 0;
            Launch(restart: false);
        }
    }

    /// <summary>kill -9 the current process; the supervisor brings it back.</summary>
    public void Kill()
    {
        var pid = Pid ?? throw new InvalidOperationException($"{Name} is not running.");
        Note($"killing pid {pid} (SIGKILL) on request");
        Native.Signal(pid, Native.SIGKILL);
    }

    public async Task StopAsync(CancellationToken ct = default)
    {
        Process? p;
        lock (_gate)
        {
            _stopRequested = true;
            _restartDelay?.Cancel();
            p = _current;
            if (p is null || HasExited(p))
            {
                if (State != ResourceState.NotStarted) State = ResourceState.Stopped;
                Live.TryRemove(this, out _);
                return;
            }
            State = ResourceState.Stopping;
        }

        using var grace = CancellationTokenSource.CreateLinkedTokenSource(ct);
        grace.CancelAfter(StopGrace);
        try
        {
            if (GracefulStop is not null)
            {
                Note("stopping");
                await GracefulStop(grace.Token);
            }
            else
            {
                Note($"stopping (SIGTERM to {p.Id})");
                Native.Signal(p.Id, Native.SIGTERM);
            }
            await p.WaitForExitAsync(grace.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or InvalidOperationException)
        {
            Note($"did not stop within {StopGrace.TotalSeconds:0} s ({e.GetType().Name}); killing");
        }
        catch (Exception e)
        {
            Note($"stop failed: {e.Message}; killing");
        }

        if (!HasExited(p))
        {
            try { p.Kill(entireProcessTree: true); } catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception) { }
            try { EmergencyKill?.Invoke(); } catch (Exception e) { Note($"cleanup failed: {e.Message}"); }
            using var last = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try { await p.WaitForExitAsync(last.Token); } catch (OperationCanceledException) { }
        }
        lock (_gate)
        {
            State = ResourceState.Stopped;
            Live.TryRemove(this, out _);
        }
        Note("stopped");
    }

    /// <summary>
    /// Stops without the polite path: the emergency cleanup (e.g. PostgreSQL immediate shutdown, SIGKILL of the
    /// Erlang VM) and SIGKILL of the process tree. For throwaway servers whose data is deleted anyway.
    /// </summary>
    public async Task KillForGoodAsync()
    {
        Process? p;
        lock (_gate)
        {
            _stopRequested = true;
            _restartDelay?.Cancel();
            p = _current;
            State = ResourceState.Stopping;
        }
        if (p is not null && !HasExited(p))
        {
            Note("killing (throwaway)");
            try { EmergencyKill?.Invoke(); } catch (Exception e) { Note($"cleanup failed: {e.Message}"); }
            try { p.Kill(entireProcessTree: true); } catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception) { }
            using var last = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try { await p.WaitForExitAsync(last.Token); } catch (OperationCanceledException) { }
        }
        lock (_gate)
        {
            State = ResourceState.Stopped;
            Live.TryRemove(this, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        lock (_gate) { _log.Dispose(); }
    }

    /// <summary>The last lines of this resource's log.</summary>
    public string Tail(int lines = 40) => TailOf(LogPath, lines);

    public static string TailOf(string path, int lines)
    {
        try
        {
            using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            const int max = 64 * 1024;
            if (s.Length > max) s.Seek(-max, SeekOrigin.End);
            using var r = new StreamReader(s);
            var all = r.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines + 1)).TrimEnd();
        }
        catch (IOException e) { return $"(no log: {e.Message})"; }
    }

    /// <summary>A line from the app host itself into this resource's log (and console when echoing).</summary>
    public void Note(string message) => Line($"[apphost] {message}");

    private void Line(string line)
    {
        lock (_gate)
        {
            try { _log.WriteLine(line); } catch (ObjectDisposedException) { }
        }
        if (Echo)
        {
            lock (ConsoleGate) Console.Out.WriteLine($"[{Name}] {line}");
        }
    }

    private static bool HasExited(Process p)
    {
        try { return p.HasExited; }
        catch (InvalidOperationException) { return true; }
    }

    // Caller holds _gate.
    private void Launch(bool restart)
    {
        var generation = ++_generation;
        State = restart ? ResourceState.Restarting : ResourceState.Starting;
        var psi = new ProcessStartInfo
        {
            FileName = Setsid ?? _spec.FileName,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = _spec.WorkingDirectory ?? Environment.CurrentDirectory,
        };
        if (Setsid is not null) psi.ArgumentList.Add(_spec.FileName);
        foreach (var a in _spec.Arguments) psi.ArgumentList.Add(a);
        if (_spec.DropInherited is { } drop)
        {
            foreach (var key in psi.Environment.Keys.ToList())
                if (drop(key)) psi.Environment.Remove(key);
        }
        foreach (var (k, v) in _spec.Environment)
        {
            if (v is null) psi.Environment.Remove(k);
            else psi.Environment[k] = v;
        }

        var p = new Process { StartInfo = psi, EnableRaisingEvents = true };
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) Line(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) Line(e.Data); };
        try
        {
            p.Start();
        }
        catch (Exception e)
        {
            Note($"could not start {_spec.FileName}: {e.Message}");
            p.Dispose();
            _current = null;
            ScheduleRestart(generation, TimeSpan.Zero, exitCode: null);
            return;
        }
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        _current = p;
        _startedAt = DateTime.UtcNow;
        State = ResourceState.Running;
        if (PidFile is not null)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(PidFile)!);
                File.WriteAllText(PidFile, p.Id.ToString());
            }
            catch (IOException) { }
        }
        Note($"{(restart ? "restarted" : "started")} pid {p.Id}: {_spec.FileName} {string.Join(' ', _spec.Arguments)}");
        _ = SuperviseAsync(p, generation);
        try { Launched?.Invoke(this, restart); } catch (Exception e) { Note($"launch hook failed: {e.Message}"); }
    }

    private async Task SuperviseAsync(Process p, int generation)
    {
        try { await p.WaitForExitAsync(); }
        catch (InvalidOperationException) { }
        int? code = null;
        try { code = p.ExitCode; } catch (InvalidOperationException) { }
        lock (_gate)
        {
            if (generation != _generation) return;
            if (_stopRequested) return;
            var ran = DateTime.UtcNow - _startedAt;
            if (ran > TimeSpan.FromSeconds(30)) _backoffStep = 0;
            ScheduleRestart(generation, ran, code);
        }
    }

    // Caller holds _gate.
    private void ScheduleRestart(int generation, TimeSpan ran, int? exitCode)
    {
        if (!RestartOnExit)
        {
            State = ResourceState.Stopped;
            Note($"exited with code {exitCode?.ToString() ?? "?"} after {ran.TotalSeconds:0.0} s (not restarted)");
            return;
        }
        var delay = TimeSpan.FromSeconds(Math.Min(30, 1 << Math.Min(_backoffStep, 5)));
        _backoffStep++;
        State = ResourceState.Restarting;
        Note($"exited unexpectedly with code {exitCode?.ToString() ?? "?"} after {ran.TotalSeconds:0.0} s; restarting in {delay.TotalSeconds:0} s");
        _restartDelay?.Dispose();
        var cts = _restartDelay = new CancellationTokenSource();
        _ = Task.Run(async () =>
        {
            try { await Task.Delay(delay, cts.Token); }
            catch (OperationCanceledException) { return; }
            lock (_gate)
            {
                if (_stopRequested || generation != _generation) return;
                Restarts++;
                Launch(restart: true);
            }
        });
    }

    /// <summary>Stops a process of ours an earlier, killed app host left running (see <see cref="PidFile"/>).</summary>
    public void StopLeftover()
    {
        lock (_gate) StopStaleLeftover();
    }

    // Caller holds _gate.
    private void StopStaleLeftover()
    {
        if (PidFile is null || StaleMarker is null) return;
        var pid = Native.ReadPidFile(PidFile);
        if (pid is not { } stale || !Native.IsAlive(stale)) return;
        var cmd = Native.CommandLine(stale);
        if (cmd is null || !cmd.Contains(StaleMarker, StringComparison.Ordinal)) return;
        Note($"stopping leftover pid {stale} from an earlier run");
        Native.Signal(stale, Native.SIGTERM);
        SpinWait.SpinUntil(() => !Native.IsAlive(stale), TimeSpan.FromSeconds(10));
        if (Native.IsAlive(stale)) Native.Signal(stale, Native.SIGKILL);
    }

    private static void InstallExitHook()
    {
        if (Interlocked.Exchange(ref _exitHookInstalled, 1) == 1) return;
        // Last line of defence: a test run or app host that ends without disposing leaves nothing behind.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            Cmd.KillAll();
            foreach (var mp in Live.Keys)
            {
                try
                {
                    mp._stopRequested = true;
                    mp._restartDelay?.Cancel();
                    var p = mp._current;
                    if (p is not null && !HasExited(p))
                    {
                        try { mp.EmergencyKill?.Invoke(); } catch (Exception) { }
                        try { p.Kill(entireProcessTree: true); } catch (Exception) { }
                    }
                }
                catch (Exception) { }
            }
        };
    }
}
