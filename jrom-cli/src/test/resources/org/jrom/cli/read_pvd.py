# Loads a .pvd time series with ParaView's reader and prints, for the last time step, the number
# of time steps, points and cells, then one line per point array: name, components, and its values
# at the points (space-separated), so that the test compares them with what jrom wrote.
import sys

from paraview.simple import PVDReader, servermanager

reader = PVDReader(FileName=sys.argv[1])
reader.UpdatePipelineInformation()
times = reader.TimestepValues
reader.UpdatePipeline(times[-1])
data = servermanager.Fetch(reader)
print("steps", len(times), "last", repr(times[-1]))
print("points", data.GetNumberOfPoints(), "cells", data.GetNumberOfCells())
arrays = data.GetPointData()
for i in range(arrays.GetNumberOfArrays()):
    a = arrays.GetArray(i)
    n = a.GetNumberOfTuples() * a.GetNumberOfComponents()
    print(a.GetName(), a.GetNumberOfComponents(), " ".join(repr(a.GetValue(k)) for k in range(n)))
