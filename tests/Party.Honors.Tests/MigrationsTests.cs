using Party.Honors.Data;
using Party.Testing;

namespace Party.Honors.Tests;

public sealed class HonorsMigrationTests(HonorsFactory factory)
    : MigrationTests<HonorsFactory, Program, HonorsDbContext>(factory), IClassFixture<HonorsFactory>;
