using Party.Testing;
using Xunit.Abstractions;

namespace Party.Honors.Tests;

public sealed class HonorsInputClassTests(HonorsFactory factory, ITestOutputHelper output)
    : InputClassTests<HonorsFactory, Program>(factory, output), IClassFixture<HonorsFactory>;
