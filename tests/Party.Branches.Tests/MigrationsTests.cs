using Party.Branches.Data;
using Party.Testing;

namespace Party.Branches.Tests;

public sealed class BranchesMigrationTests(BranchesFactory factory) : MigrationTests<BranchesFactory, Program, BranchesDbContext>(factory),
    IClassFixture<BranchesFactory>;
