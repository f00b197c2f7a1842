namespace CareersCompliance.Web.Hosting;

/// <summary>
/// Where the static assets come from. MapStaticAssets serves what the build's endpoint manifest lists, including the gzip
/// and Brotli copies it made; after <c>dotnet publish</c> those copies sit in wwwroot, but a plain build keeps them under
/// obj/ and lists where in a runtime manifest, which ASP.NET Core reads only in Development. Run from build output in
/// any other environment (as ops/demo does), a browser asking for gzip got an empty answer with no Content-Type.
/// </summary>
public static class StaticAssets
{
    /// <summary>Reads the build's runtime manifest when there is one (build output); published output has none and is unchanged.</summary>
    public static WebApplicationBuilder UseCareersStaticAssets(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Environment.IsDevelopment())
        {
            builder.WebHost.UseStaticWebAssets();
        }

        return builder;
    }
}
