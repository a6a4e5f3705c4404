using Party.Members.Data;
using Party.Testing;

namespace Party.Members.Tests;

public sealed class MembersMigrationTests(MembersFactory factory) : MigrationTests<MembersFactory, Program, MembersDbContext>(factory),
    IClassFixture<MembersFactory>;
