using Party.Testing;
using Xunit.Abstractions;

namespace Party.Branches.Tests;

public sealed class BranchesInputClassTests(BranchesFactory factory, ITestOutputHelper output)
    : InputClassTests<BranchesFactory, Program>(factory, output), IClassFixture<BranchesFactory>;
