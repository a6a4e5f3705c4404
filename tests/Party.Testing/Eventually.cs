namespace Party.Testing;

/// <summary>Polls a condition until it holds or a deadline passes; the way tests wait for asynchronous effects.</summary>
public static class Eventually
{
    public static async Task<T> ResultAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        T last;
        var delay = TimeSpan.FromMilliseconds(25);
        while (true)
        {
            last = await probe();
            if (done(last)) return last;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{what} did not happen within {timeout.TotalSeconds:0.#} s; last value: {last}");
            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 250));
        }
    }

    public static Task TrueAsync(Func<Task<bool>> probe, TimeSpan timeout, string what) =>
        ResultAsync(probe, ok => ok, timeout, what);
}
