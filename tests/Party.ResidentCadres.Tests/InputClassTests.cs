using Party.Testing;
using Xunit.Abstractions;

namespace Party.ResidentCadres.Tests;

public sealed class ResidentCadresInputClassTests(CadresFactory factory, ITestOutputHelper output)
    : InputClassTests<CadresFactory, Program>(factory, output), IClassFixture<CadresFactory>;
