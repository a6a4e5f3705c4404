using System.Text.RegularExpressions;
using Party.AppHost;
using Party.ServiceDefaults;

namespace Party.System.Tests;

/// <summary>
/// A run's fixed ports (the README's table) lie below the kernel's ephemeral range, from which every outgoing connection
/// takes its source port, and below the ports <see cref="FreePorts"/> hands to throwaway servers; the servers' ports in
/// the code are the README's.
/// </summary>
public partial class RunPortsTests
{
    [GeneratedRegex(@"### Ports\n(?<table>(?:.*\n)*?)\n(?!\|)")]
    private static partial Regex PortsSection();

    private static int[] ReadmePorts()
    {
        var readme = File.ReadAllText(Path.Combine(PartySettings.FindRepoRoot(), "README.md")).ReplaceLineEndings("\n");
        var table = PortsSection().Match(readme).Groups["table"].Value;
        // The second column of each row (the first holds names such as "RabbitMQ AMQP"); markdown's own rows hold no digits.
        return [.. table.Split('\n').Where(row => row.StartsWith('|'))
            .Select(row => row.Split('|', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1) ?? "")
            .SelectMany(cell => Regex.Matches(cell, @"\b\d{4,5}\b").Select(m => int.Parse(m.Value)))];
    }

    [Fact]
    public void Every_fixed_port_of_a_run_lies_below_the_ephemeral_range_and_the_free_ports()
    {
        var ports = ReadmePorts();
        Assert.True(ports.Length >= 15, $"the README's port table yielded only {ports.Length} ports: {string.Join(", ", ports)}");
        // FreePorts' own range ends below the kernel's ephemeral range, so below its lowest port is below both.
        Assert.All(ports, port => Assert.True(port < FreePorts.Lowest, $"port {port} is not below {FreePorts.Lowest}"));
    }

    [Fact]
    public void The_servers_ports_of_a_run_are_the_READMEs()
    {
        var run = ServerPorts.Run;
        Assert.All(new[] { run.Postgres, run.RabbitMq, run.RabbitMqManagement, run.RabbitMqDist, run.Epmd, run.Redis },
            port => Assert.Contains(port, ReadmePorts()));
    }
}
