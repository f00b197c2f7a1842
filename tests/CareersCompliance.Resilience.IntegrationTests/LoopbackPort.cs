using System.Net;
using System.Net.Sockets;

namespace CareersCompliance.Resilience.IntegrationTests;

/// <summary>A loopback port nothing listens on now, as the system hands them out (not a fixed range others also scan).</summary>
internal static class LoopbackPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
