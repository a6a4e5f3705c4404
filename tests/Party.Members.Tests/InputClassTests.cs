using Party.Testing;
using Xunit.Abstractions;

namespace Party.Members.Tests;

public sealed class MembersInputClassTests(MembersFactory factory, ITestOutputHelper output)
    : InputClassTests<MembersFactory, Program>(factory, output), IClassFixture<MembersFactory>;
