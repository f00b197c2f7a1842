using System.Net;
using System.Net.Sockets;

namespace CareersCompliance.Web.Security;

/// <summary>The client address that sign-in throttling and rate limits count by.</summary>
public static class ClientKey
{
    /// <summary>
    /// The remote address as text; an IPv6 client counts as its /64 network, because one host there can pick any of 2^64
    /// addresses and would otherwise get a fresh allowance with each.
    /// </summary>
    public static string Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
