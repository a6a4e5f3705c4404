using Party.AppHost.Servers;

namespace Party.System.Tests;

/// <summary>How far the run-mode server grows the kernel's huge-page pool before it starts.</summary>
public class HugePagePoolTests
{
    [Theory]
    [InlineData(0, 0, 0, 3122, 3122)] // no pool yet: exactly the server's pages
    [InlineData(3122, 3122, 0, 3122, null)] // left over from a run that died: used as is
    [InlineData(3200, 3200, 0, 3122, null)]
    [InlineData(3122, 3121, 0, 3122, 3123)] // one page short
    [InlineData(4000, 1000, 0, 3122, 6122)] // another server holds 3,000
    [InlineData(4000, 4000, 1000, 3122, 4122)] // free but promised to a mapping: not available
    [InlineData(4000, 4000, 0, 0, null)] // the server could not say: nothing to do
    public void The_pool_grows_by_what_is_missing(int total, int free, int reserved, int needed, int? size) =>
        Assert.Equal(size, new HugePagePool(total, free, reserved).SizeFor(needed));

    [Fact]
    public void The_pool_is_read_from_meminfo()
    {
        const string meminfo = """
            MemTotal:       24684000 kB
            AnonHugePages:         0 kB
            HugePages_Total:    3122
            HugePages_Free:     3013
            HugePages_Rsvd:     2900
            HugePages_Surp:        0
            Hugepagesize:       2048 kB
            """;
        var pool = HugePagePool.Parse(meminfo);
        Assert.Equal(new HugePagePool(3122, 3013, 2900), pool);
        Assert.Equal(113, pool.Available);
    }

    [Fact]
    public void A_kernel_without_huge_pages_reads_as_an_empty_pool() =>
        Assert.Equal(new HugePagePool(0, 0, 0), HugePagePool.Parse("MemTotal:       24684000 kB\nMemFree:  100 kB\n"));
}
