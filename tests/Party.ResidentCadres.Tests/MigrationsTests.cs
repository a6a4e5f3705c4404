using Party.ResidentCadres.Data;
using Party.Testing;

namespace Party.ResidentCadres.Tests;

public sealed class ResidentCadresMigrationTests(CadresFactory factory)
    : MigrationTests<CadresFactory, Program, ResidentCadresDbContext>(factory), IClassFixture<CadresFactory>;
