using Party.Identity.Data;
using Party.Testing;

namespace Party.Identity.Tests.Api;

public class IdentityMigrationTests(IdentityFactory factory)
    : MigrationTests<IdentityFactory, Program, IdentityDbContext>(factory), IClassFixture<IdentityFactory>;
