using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Party.Testing;

/// <summary>One log line as a logger received it.</summary>
public sealed record LogEntry(string Category, LogLevel Level, string Message);

/// <summary>
/// Keeps every line its loggers receive. Registered as an <see cref="ILoggerProvider"/> in a service host it sits behind the
/// host's own filters, as the dashboard's exporter does; <see cref="CreateLogger"/> also hands a logger to a class built by hand.
/// </summary>
public sealed class CapturedLog : ILoggerProvider
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Entries);

    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception)));
    }
}
