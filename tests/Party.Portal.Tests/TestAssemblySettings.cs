using System.Runtime.CompilerServices;

namespace Party.Portal.Tests;

/// <summary>Settings for every test of the assembly, made once as it loads.</summary>
internal static class TestAssemblySettings
{
    /// <summary>
    /// bUnit's wait timeout is static (one for the whole process): set here once rather than by whichever context happens
    /// to be constructed first. The machine is shared and often loaded: a render that takes longer than bUnit's default
    /// second is not a failure.
    /// </summary>
    [ModuleInitializer]
    internal static void Initialize() => BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(10);
}
