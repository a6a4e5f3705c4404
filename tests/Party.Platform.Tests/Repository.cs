namespace Party.Platform.Tests;

/// <summary>The checkout the tests were built in: the tests that read the source tree and the docs start here.</summary>
internal static class Repository
{
    public static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Party.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Party.sln not found above the test's directory");
    }
}
